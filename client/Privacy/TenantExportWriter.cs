using System.Text.Json;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Client.Privacy;

/// <summary>
/// Writes a tenant's whole account (<c>docs/schemas/tenant-export.v2.schema.json</c>, portability) to a stream: the
/// profile and settings, integrations (metadata only, never a secret), every conversation with its messages (paged
/// through the conversation index), every customer record (paged through the subject directory, plus any met in a
/// conversation) with the orders they reference, the privacy
/// requests, the processing and the audit log — page by page with a flush after each, never held whole. Only ids
/// (customer refs, order ids) are kept while writing, to visit each record once. Grain calls run under the current
/// <c>CallerContext</c> (a tenant admin: tenant:read/admin, credentials:manage, conversations:read, orders:read,
/// privacy:read, audit:read).
/// </summary>
public sealed class TenantExportWriter(TimeProvider time)
{
    /// <summary>The <c>$id</c> of the schema the document validates against.</summary>
    public const string SchemaId = "https://omniops.dev/schemas/tenant-export.v2.schema.json";

    private const int ConversationsPerPage = 100;
    private const int MaxPrivacyRequestOffset = 100_000;

    public async Task WriteAsync(Stream stream, IGrainFactory grains, string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(grains);
        var tenant = await grains.GetTenantGrain(tenantId).GetAsync();
        var map = await grains.GetTenantGrain(tenantId).GetDataMapAsync();
        await grains.GetAuditLogGrain(tenantId).AppendAsync(new AuditEntry("tenant.export", AuditOutcomes.Success, tenantId));

        await using var json = new Utf8JsonWriter(stream, ExportJson.WriterOptions);
        json.WriteStartObject();
        ExportJson.WriteSchema(json, SchemaId);
        json.WriteString("generatedAt", time.GetUtcNow());
        json.WriteStartObject("tenant");
        json.WriteString("id", tenant.TenantId);
        json.WriteString("name", tenant.Name);
        json.WriteString("region", tenant.Region);
        json.WriteString("status", ExportJson.Name(tenant.Status));
        json.WriteString("createdAt", tenant.CreatedAt);
        json.WriteStartObject("settings");
        ExportJson.WriteRetention(json, tenant.Settings.Retention);
        json.WriteStartObject("ai");
        json.WriteBoolean("enabled", tenant.Settings.Ai.Enabled);
        json.WriteBoolean("autoSend", tenant.Settings.Ai.AutoSend);
        json.WriteBoolean("trainingOptIn", tenant.Settings.Ai.TrainingOptIn);
        ExportJson.WriteStrings(json, "allowedRegions", tenant.Settings.Ai.AllowedRegions);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("integrations");
        foreach (var integration in tenant.Integrations)
        {
            await WriteIntegrationAsync(json, grains, tenantId, integration, map);
        }

        json.WriteEndArray();

        // Conversations, page by page from the index; the customer refs met are kept (ids only) for the next section.
        var customerRefs = new SortedSet<string>(StringComparer.Ordinal);
        json.WriteStartArray("conversations");
        var index = grains.GetConversationIndexGrain(tenantId);
        ConversationCursor? cursor = null;
        do
        {
            var page = await index.ListAsync(null, cursor, ConversationsPerPage);
            customerRefs.UnionWith(page.Conversations.Select(c => c.CustomerRef));
            await ExportJson.WriteConversationsAsync(json, stream, grains, tenantId, [.. page.Conversations.Select(c => c.ConversationId)], null, cancellationToken);

            cursor = page.Next;
        }
        while (cursor is not null);

        json.WriteEndArray();

        // Every customer record the subject directory lists, page by page, then any met in a conversation it does not
        // list (a record written before the directory existed); only refs are kept, to write each record once.
        var orderIds = new SortedSet<string>(StringComparer.Ordinal);
        json.WriteStartArray("customers");
        var directory = grains.GetSubjectDirectoryGrain(tenantId);
        string? afterRef = null;
        while (true)
        {
            var page = await directory.ListAsync(afterRef, ExportJson.PageSize);
            foreach (var customerRef in page)
            {
                customerRefs.Remove(customerRef);
                await WriteCustomerAsync(json, grains, tenantId, customerRef, orderIds);
            }

            await json.FlushAsync(cancellationToken);
            if (page.Count < ExportJson.PageSize)
            {
                break;
            }

            afterRef = page[^1];
        }

        foreach (var customerRef in customerRefs)
        {
            await WriteCustomerAsync(json, grains, tenantId, customerRef, orderIds);
            await json.FlushAsync(cancellationToken);
        }

        json.WriteEndArray();

        json.WriteStartArray("orders");
        foreach (var orderId in orderIds)
        {
            await ExportJson.WriteOrderAsync(json, grains, tenantId, orderId);
            await json.FlushAsync(cancellationToken);
        }

        json.WriteEndArray();

        json.WriteStartArray("privacyRequests");
        var requests = grains.GetPrivacyRequestIndexGrain(tenantId);
        for (var offset = 0; offset <= MaxPrivacyRequestOffset; offset += ExportJson.PageSize)
        {
            var page = await requests.ListAsync(null, offset, ExportJson.PageSize);
            foreach (var request in page)
            {
                ExportJson.WritePrivacyRequest(json, request);
            }

            await json.FlushAsync(cancellationToken);
            if (page.Count < ExportJson.PageSize)
            {
                break;
            }
        }

        json.WriteEndArray();

        json.WriteStartObject("aiUsage");
        ExportJson.WriteAiProvider(json, map.Ai);
        json.WriteEndObject();
        json.WriteStartArray("actions");
        foreach (var action in await grains.GetActionIndexGrain(tenantId).ListAsync(null, ExportJson.MaxActions))
        {
            ExportJson.WriteAction(json, action, withDecider: true);
        }

        json.WriteEndArray();

        ExportJson.WriteProcessing(json, map);

        json.WriteStartArray("auditEvents");
        var log = grains.GetAuditLogGrain(tenantId);
        var after = 0L;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await log.ReadAsync(after, ExportJson.PageSize);
            foreach (var e in page)
            {
                ExportJson.WriteAuditEvent(json, e);
            }

            await json.FlushAsync(cancellationToken);
            await stream.FlushAsync(cancellationToken);
            if (page.Count < ExportJson.PageSize)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>An integration's metadata: when it was connected and rotated, its accounts and hosts, the data it brings; never its secret.</summary>
    private static async Task WriteIntegrationAsync(Utf8JsonWriter json, IGrainFactory grains, string tenantId, string integration, DataMap map)
    {
        CredentialMetadata? metadata;
        try
        {
            metadata = await grains.GetCredentialGrain(tenantId, integration).GetMetadataAsync();
        }
        catch (ResourceNotFoundException)
        {
            metadata = null;
        }

        json.WriteStartObject();
        json.WriteString("integration", integration);
        if (metadata is not null)
        {
            json.WriteString("connectedAt", metadata.CreatedAt);
            ExportJson.WriteOptional(json, "rotatedAt", metadata.RotatedAt);
            ExportJson.WriteStrings(json, "accounts", metadata.Accounts);
            ExportJson.WriteStrings(json, "allowedHosts", metadata.AllowedHosts);
        }

        ExportJson.WriteStrings(json, "dataCategories", map.Integrations.FirstOrDefault(i => i.Integration == integration)?.DataCategories ?? []);
        json.WriteEndObject();
    }

    /// <summary>A customer record: contact details, legal hold and the ids of its conversations and orders (written in their own sections).</summary>
    private static async Task WriteCustomerAsync(Utf8JsonWriter json, IGrainFactory grains, string tenantId, string customerRef, SortedSet<string> orderIds)
    {
        var customer = grains.GetCustomerGrain(tenantId, customerRef);
        CustomerView view;
        CustomerHoldings holdings;
        try
        {
            holdings = await customer.GetHoldingsAsync();
            if (!holdings.Exists)
            {
                return;
            }

            view = await customer.GetAsync();
        }
        catch (Exception exception) when (exception is ResourceNotFoundException or SubjectErasedException)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("customerRef", view.CustomerRef);
        json.WriteString("channel", view.Channel);
        json.WriteString("createdAt", view.CreatedAt);
        ExportJson.WriteContact(json, view.Contact);
        json.WriteBoolean("legalHold", holdings.LegalHold);
        ExportJson.WriteStrings(json, "conversationIds", view.ConversationIds);
        ExportJson.WriteStrings(json, "orderIds", view.OrderIds);
        json.WriteEndObject();
        orderIds.UnionWith(view.OrderIds);
    }
}
