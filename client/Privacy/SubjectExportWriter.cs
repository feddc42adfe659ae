using System.Text.Json;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Client.Privacy;

/// <summary>
/// Writes a data subject's export (<c>docs/schemas/subject-export.v2.schema.json</c>) from their grains to a stream:
/// contact details, conversations with every message and attachment metadata, orders and refunds, the privacy
/// requests about them, how AI was used, the processing (purposes, subprocessors, retention) and the audit events
/// about them with sensitive values still as their stored hashes. Written when it is downloaded, page by page with a
/// flush after each, never held whole; each download is audited (<c>privacy.export</c>). Every grain call runs under the current <c>CallerContext</c>, which the caller
/// sets (a tenant admin's key, or privacy work for a data subject's link): it needs conversations:read, orders:read,
/// audit:read and privacy:read, nothing from an API key's claims.
/// </summary>
public sealed class SubjectExportWriter(TimeProvider time)
{
    /// <summary>The <c>$id</c> of the schema the document validates against.</summary>
    public const string SchemaId = "https://omniops.dev/schemas/subject-export.v2.schema.json";

    private const int MaxPrivacyRequests = 500;

    public async Task WriteAsync(Stream stream, IGrainFactory grains, string tenantId, string requestId, IReadOnlyList<string> customerRefs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(customerRefs);
        var map = await grains.GetTenantGrain(tenantId).GetDataMapAsync();
        await grains.GetAuditLogGrain(tenantId).AppendAsync(new AuditEntry("privacy.export", AuditOutcomes.Success, requestId,
            new Dictionary<string, string> { ["subjects"] = customerRefs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        var resources = new List<string>(customerRefs);
        var aiReplies = new List<(string ConversationId, string MessageId, string? ReviewedBy)>();

        await using var json = new Utf8JsonWriter(stream, ExportJson.WriterOptions);
        json.WriteStartObject();
        ExportJson.WriteSchema(json, SchemaId);
        json.WriteString("generatedAt", time.GetUtcNow());
        json.WriteStartObject("tenant");
        json.WriteString("id", tenantId);
        json.WriteEndObject();
        json.WriteString("requestId", requestId);

        json.WriteStartArray("customers");
        var existing = new List<string>(customerRefs.Count);
        foreach (var customerRef in customerRefs.Distinct(StringComparer.Ordinal))
        {
            if (await WriteCustomerAsync(json, stream, grains, tenantId, customerRef, resources, aiReplies, cancellationToken))
            {
                existing.Add(customerRef);
            }
        }

        json.WriteEndArray();

        json.WriteStartArray("privacyRequests");
        if (existing.Count > 0)
        {
            foreach (var request in await grains.GetPrivacyRequestIndexGrain(tenantId).ListAboutAsync(existing, MaxPrivacyRequests))
            {
                ExportJson.WritePrivacyRequest(json, request);
            }
        }

        json.WriteEndArray();

        json.WriteStartObject("aiUsage");
        ExportJson.WriteAiProvider(json, map.Ai);
        json.WriteStartArray("replies");
        foreach (var (conversationId, messageId, reviewedBy) in aiReplies)
        {
            json.WriteStartObject();
            json.WriteString("messageId", messageId);
            json.WriteString("conversationId", conversationId);
            ExportJson.WriteOptional(json, "provider", map.Ai.ProviderHost);
            ExportJson.WriteOptional(json, "model", map.Ai.Model);
            ExportJson.WriteOptional(json, "region", map.Ai.Region);
            ExportJson.WriteOptional(json, "reviewedBy", reviewedBy);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        // The actions proposed in the subject's conversations (the tenant's newest ExportJson.MaxActions), with their state.
        json.WriteStartArray("actions");
        var mine = resources.ToHashSet(StringComparer.Ordinal);
        foreach (var action in await grains.GetActionIndexGrain(tenantId).ListAsync(null, ExportJson.MaxActions))
        {
            if (mine.Contains(action.ConversationId))
            {
                ExportJson.WriteAction(json, action, withDecider: false);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();

        ExportJson.WriteProcessing(json, map);

        json.WriteStartArray("auditEvents");
        await ExportJson.WriteAuditEventsAboutAsync(json, stream, grains.GetAuditLogGrain(tenantId), resources, cancellationToken);
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>One customer record; false, with nothing written, when it is gone (erased since the request).</summary>
    private static async Task<bool> WriteCustomerAsync(Utf8JsonWriter json, Stream stream, IGrainFactory grains, string tenantId, string customerRef,
        List<string> resources, List<(string, string, string?)> aiReplies, CancellationToken cancellationToken)
    {
        var customer = grains.GetCustomerGrain(tenantId, customerRef);
        CustomerView view;
        CustomerHoldings holdings;
        try
        {
            holdings = await customer.GetHoldingsAsync();
            if (!holdings.Exists)
            {
                return false;
            }

            view = await customer.GetAsync();
        }
        catch (Exception exception) when (exception is ResourceNotFoundException or SubjectErasedException)
        {
            return false;
        }

        json.WriteStartObject();
        json.WriteString("customerRef", view.CustomerRef);
        json.WriteString("channel", view.Channel);
        json.WriteString("createdAt", view.CreatedAt);
        ExportJson.WriteContact(json, view.Contact);
        json.WriteBoolean("legalHold", holdings.LegalHold);
        json.WriteStartArray("conversations");
        resources.AddRange(view.ConversationIds);
        await ExportJson.WriteConversationsAsync(json, stream, grains, tenantId, view.ConversationIds, (id, message) =>
        {
            if (message.AiGenerated)
            {
                aiReplies.Add((id, message.MessageId, message.ActorId));
            }
        }, cancellationToken);

        json.WriteEndArray();
        json.WriteStartArray("orders");
        foreach (var orderId in view.OrderIds)
        {
            resources.Add(orderId);
            await ExportJson.WriteOrderAsync(json, grains, tenantId, orderId);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        await stream.FlushAsync(cancellationToken);
        return true;
    }
}
