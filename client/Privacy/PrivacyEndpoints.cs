using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Privacy;

/// <summary>Privacy requests (access, rectification, erasure), legal holds and the receipt-signing key (tenant admin).</summary>
public static class PrivacyEndpoints
{
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/v1");
        v1.MapPost("/privacy/requests", StartAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyManage))
            .WithName("StartPrivacyRequest").WithSummary("Starts an access, rectification or erasure request for a data subject; 202 with its id and due date.")
            .DescribesJsonBody<PrivacyRequestBody>();
        v1.MapGet("/privacy/requests", ListAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyRead))
            .WithName("ListPrivacyRequests").WithSummary("The privacy-request queue: open requests first by due date (status=, offset=, limit=).");
        v1.MapGet("/privacy/requests/{requestId}", GetAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyRead))
            .WithName("GetPrivacyRequest").WithSummary("A privacy request's status, due date and whether it is overdue.");
        v1.MapGet("/privacy/requests/{requestId}/receipt", ReceiptAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyRead))
            .WithName("GetPrivacyReceipt").WithSummary("The signed receipt of a completed erasure.");
        v1.MapGet("/privacy/requests/{requestId}/export", ExportAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyRead))
            .WithName("GetPrivacyExport").WithSummary("A completed access request's export (docs/schemas/subject-export.v2.schema.json), streamed as it is read.");
        v1.MapGet("/tenant/export", TenantExport).RequireAuthorization(Policies.Scope(Scopes.TenantAdmin))
            .WithName("ExportTenant").WithSummary("The whole account as JSON (docs/schemas/tenant-export.v2.schema.json), streamed as it is read: portability.");
        v1.MapGet("/subjects", FindSubjectsAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyRead))
            .WithName("FindSubjects").WithSummary("Every customer record of a person, by exactly one of email=, phone= or externalRef= (keyed blind indexes), and what each holds.");
        v1.MapPut("/subjects/{customerRef}/legal-hold", PlaceHoldAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyManage))
            .WithName("PlaceLegalHold").WithSummary("Places a legal hold on a customer record: erasure is refused with its reason until lifted.")
            .DescribesJsonBody<LegalHoldBody>();
        v1.MapDelete("/subjects/{customerRef}/legal-hold", LiftHoldAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyManage))
            .WithName("LiftLegalHold").WithSummary("Lifts a legal hold.");
        routes.MapGet("/.well-known/omniops-receipt-keys/{keyFile}", PublicKeyAsync).AllowAnonymous()
            .WithName("GetReceiptKey").WithSummary("The public key ({keyId}.pem) that verifies the service's signed receipts.");
        return routes;
    }

    private static string Tenant => CallerContext.Current?.TenantId ?? throw new AccessDeniedException("The caller is bound to no tenant.");

    private static async Task<Results<Accepted<PrivacyRequestResponse>, ProblemHttpResult>> StartAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<PrivacyRequestBody>(request);
        if (problem is not null)
        {
            return problem;
        }

        if (PrivacyNames.Kind(body!.Kind) is not { } kind)
        {
            return Problems.BadRequest("kind must be access, rectification or erasure.");
        }

        var refs = await ResolveSubjectsAsync(body, grains);
        if (refs.Count == 0)
        {
            return Problems.NotFound();
        }

        var changes = body.Changes is { } c ? new ContactDetails(c.Name, c.Email, c.Phone) : null;
        var requestId = GrainKeys.NewLocalId('p');
        var view = await grains.GetPrivacyRequestGrain(Tenant, requestId)
            .StartAsync(new PrivacyRequestStart(kind, PrivacyRequestSource.Merchant, refs, [], changes));
        return TypedResults.Accepted($"/v1/privacy/requests/{requestId}", PrivacyRequestResponse.From(view));
    }

    /// <summary>
    /// The customer records the request names that exist: by <c>customerRef</c>, or every record an e-mail, phone
    /// number or external ref finds (one person across channels). None (a made-up ref, an unknown address): 404, nothing stored.
    /// </summary>
    private static async Task<IReadOnlyList<string>> ResolveSubjectsAsync(PrivacyRequestBody body, IGrainFactory grains)
    {
        var named = new (SubjectLookupKind? Kind, string? Value)[] { (null, body.CustomerRef), (SubjectLookupKind.Email, body.Email), (SubjectLookupKind.Phone, body.Phone),
            (SubjectLookupKind.ExternalRef, body.ExternalRef) }.Where(n => n.Value is not null).ToList();
        if (named.Count != 1)
        {
            throw new RequestValidationException("Name the subject with exactly one of customerRef, email, phone or externalRef.");
        }

        var (kind, value) = named[0];
        IReadOnlyList<string> candidates = kind is { } k ? await grains.GetSubjectDirectoryGrain(Tenant).FindAsync(k, value!)
            : GrainKeys.IsValidId(value!) ? [value!] : [];
        var found = new List<string>(candidates.Count);
        foreach (var customerRef in candidates)
        {
            if ((await grains.GetCustomerGrain(Tenant, customerRef).GetHoldingsAsync()).Exists)
            {
                found.Add(customerRef);
            }
        }

        return found;
    }

    private static async Task<Results<Ok<IReadOnlyList<SubjectResponse>>, ProblemHttpResult>> FindSubjectsAsync(
        IGrainFactory grains, string? email = null, string? phone = null, string? externalRef = null)
    {
        var named = new (SubjectLookupKind Kind, string? Value)[] { (SubjectLookupKind.Email, email), (SubjectLookupKind.Phone, phone), (SubjectLookupKind.ExternalRef, externalRef) }
            .Where(n => n.Value is not null).ToList();
        if (named.Count != 1 || string.IsNullOrWhiteSpace(named[0].Value) || named[0].Value!.Length > InboundRules.MaxContactFieldLength)
        {
            return Problems.BadRequest($"Give exactly one of email, phone or externalRef (1-{InboundRules.MaxContactFieldLength} characters).");
        }

        var refs = await grains.GetSubjectDirectoryGrain(Tenant).FindAsync(named[0].Kind, named[0].Value!);
        var subjects = new List<SubjectResponse>(refs.Count);
        foreach (var customerRef in refs)
        {
            var holdings = await grains.GetCustomerGrain(Tenant, customerRef).GetHoldingsAsync();
            if (holdings.Exists)
            {
                subjects.Add(new SubjectResponse(customerRef, holdings.Channel,
                    new SubjectHoldingsResponse(holdings.ConversationIds.Count, holdings.OrderIds.Count, holdings.LegalHold)));
            }
        }

        return TypedResults.Ok<IReadOnlyList<SubjectResponse>>(subjects);
    }

    private static async Task<Results<Ok<IReadOnlyList<PrivacyRequestSummaryResponse>>, ProblemHttpResult>> ListAsync(
        IGrainFactory grains, TimeProvider time, string? status = null, int offset = 0, int limit = 100)
    {
        PrivacyRequestStatus? filter = null;
        if (status is not null && (filter = PrivacyNames.Status(status)) is null)
        {
            return Problems.BadRequest("status must be received, in-progress, completed, rejected or cancelled.");
        }

        var list = await grains.GetPrivacyRequestIndexGrain(Tenant).ListAsync(filter, offset, limit);
        var now = time.GetUtcNow();
        return TypedResults.Ok<IReadOnlyList<PrivacyRequestSummaryResponse>>([.. list.Select(r => PrivacyRequestSummaryResponse.From(r, now))]);
    }

    private static async Task<Results<Ok<PrivacyRequestResponse>, ProblemHttpResult>> GetAsync(string requestId, IGrainFactory grains) =>
        GrainKeys.IsValidId(requestId)
            ? TypedResults.Ok(PrivacyRequestResponse.From(await grains.GetPrivacyRequestGrain(Tenant, requestId).GetAsync()))
            : Problems.NotFound();

    private static async Task<Results<Ok<ReceiptResponse>, ProblemHttpResult>> ReceiptAsync(string requestId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(requestId))
        {
            return Problems.NotFound();
        }

        var receipt = await grains.GetPrivacyRequestGrain(Tenant, requestId).GetReceiptAsync();
        return TypedResults.Ok(new ReceiptResponse(receipt.Receipt, receipt.Signature, receipt.KeyId));
    }

    /// <summary>
    /// 404 like a missing request for a foreign or unknown id, 409 unless it is a completed access request (both
    /// answered before a byte of the document is written); then the export streams straight to the response.
    /// </summary>
    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(string requestId, IGrainFactory grains, TimeProvider time, HttpContext context)
    {
        if (!GrainKeys.IsValidId(requestId))
        {
            return Problems.NotFound();
        }

        var tenantId = Tenant;
        var customerRefs = await grains.GetPrivacyRequestGrain(tenantId, requestId).SubjectsAsync();
        var caller = CallerContext.Current;
        var writer = new SubjectExportWriter(time);
        return TypedResults.Stream(async stream =>
        {
            CallerContext.Current = caller;
            await writer.WriteAsync(stream, grains, tenantId, requestId, customerRefs, context.RequestAborted);
        }, "application/json");
    }

    /// <summary>The caller's own tenant, whole: written straight to the response (tenant admin).</summary>
    private static PushStreamHttpResult TenantExport(IGrainFactory grains, TimeProvider time, HttpContext context)
    {
        var tenantId = Tenant;
        var caller = CallerContext.Current;
        var writer = new TenantExportWriter(time);
        return TypedResults.Stream(async stream =>
        {
            CallerContext.Current = caller;
            await writer.WriteAsync(stream, grains, tenantId, context.RequestAborted);
        }, "application/json");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PlaceHoldAsync(string customerRef, HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<LegalHoldBody>(request);
        if (problem is not null)
        {
            return problem;
        }

        if (!GrainKeys.IsValidId(customerRef))
        {
            return Problems.NotFound();
        }

        await grains.GetCustomerGrain(Tenant, customerRef).SetLegalHoldAsync(body!.Reason ?? string.Empty);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LiftHoldAsync(string customerRef, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(customerRef))
        {
            return Problems.NotFound();
        }

        await grains.GetCustomerGrain(Tenant, customerRef).SetLegalHoldAsync(null);
        return TypedResults.NoContent();
    }

    /// <summary>Anonymous: the key is public (fetched from a silo once per gateway, <see cref="ReceiptKeyCache"/>).</summary>
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> PublicKeyAsync(string keyFile, ReceiptKeyCache keys)
    {
        if (!keyFile.EndsWith(".pem", StringComparison.Ordinal) || keyFile[..^4] is not { Length: 16 } keyId || !keyId.All(char.IsAsciiHexDigitLower))
        {
            return Problems.NotFound();
        }

        var key = await keys.GetAsync();
        return key.KeyId == keyId ? TypedResults.Text(key.PublicKeyPem, "application/x-pem-file") : Problems.NotFound();
    }
}
