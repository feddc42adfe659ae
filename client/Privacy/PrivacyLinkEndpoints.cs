using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Privacy;

/// <summary>
/// Privacy links: the merchant issues one for a customer record; the data subject, authenticated by it (the
/// <see cref="AuthenticationSchemes.PrivacyLink"/> scheme, policy <see cref="Policies.Subject"/>), sees what is held
/// about them and starts and follows their own access and erasure requests — never anyone else's.
/// </summary>
public static class PrivacyLinkEndpoints
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);

    public static IEndpointRouteBuilder MapPrivacyLinkEndpoints(this IEndpointRouteBuilder routes)
    {
        var v1 = routes.MapGroup("/v1");
        v1.MapPost("/customers/{customerRef}/privacy-token", IssueAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyManage))
            .WithName("IssuePrivacyLink").WithSummary("Issues a signed, expiring privacy link for one customer record (expiresIn: ISO 8601, at most P30D; default P7D).")
            .DescribesJsonBody<PrivacyTokenBody>();
        v1.MapDelete("/customers/{customerRef}/privacy-token", RevokeAsync).RequireAuthorization(Policies.Scope(Scopes.PrivacyManage))
            .WithName("RevokePrivacyLinks").WithSummary("Revokes every unexpired privacy link issued for one customer record; each is refused like a forged one from then on.");
        var self = v1.MapGroup("/privacy/self").RequireAuthorization(Policies.Subject);
        self.MapGet("/", OverviewAsync)
            .WithName("GetSubjectOverview").WithSummary("The data subject's own view: what is held about them by category, and how this shop uses AI.");
        self.MapPost("/requests", StartAsync)
            .WithName("StartSubjectRequest").WithSummary("The data subject starts an access or erasure request about themselves; 202.")
            .DescribesJsonBody<SubjectRequestBody>();
        self.MapGet("/requests/{requestId}", GetAsync)
            .WithName("GetSubjectRequest").WithSummary("One of the data subject's own requests (404 for any other).");
        self.MapGet("/requests/{requestId}/receipt", ReceiptAsync)
            .WithName("GetSubjectReceipt").WithSummary("The signed receipt of the data subject's completed erasure.");
        self.MapGet("/requests/{requestId}/export", ExportAsync)
            .WithName("GetSubjectExport").WithSummary("The data subject's own completed access request's export (docs/schemas/subject-export.v1.schema.json), streamed.");
        return routes;
    }

    private static CallerContext Caller => CallerContext.Current ?? throw new AccessDeniedException("The call carries no authenticated caller.");

    private static async Task<Results<Created<PrivacyTokenResponse>, ProblemHttpResult>> IssueAsync(
        string customerRef, HttpRequest request, IGrainFactory grains, IConfiguration configuration)
    {
        var lifetime = DefaultLifetime;
        if (request.ContentLength is > 0 || request.Headers.ContentType.Count > 0)
        {
            var (body, problem) = await JsonBody.ReadAsync<PrivacyTokenBody>(request);
            if (problem is not null)
            {
                return problem;
            }

            if (body!.ExpiresIn is { } text)
            {
                try
                {
                    lifetime = XmlConvert.ToTimeSpan(text);
                }
                catch (FormatException)
                {
                    return Problems.BadRequest("expiresIn must be an ISO 8601 duration such as P7D, at most P30D.");
                }

                if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(30))
                {
                    return Problems.BadRequest("expiresIn must be an ISO 8601 duration such as P7D, at most P30D.");
                }
            }
        }

        if (!GrainKeys.IsValidId(customerRef) || Caller.TenantId is not { } tenantId)
        {
            return Problems.NotFound();
        }

        var link = await grains.GetPrivacyLinkGrain(tenantId).IssueAsync(customerRef, lifetime);
        var baseUrl = configuration["Omniops:PublicBaseUrl"] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return TypedResults.Created((string?)null, new PrivacyTokenResponse(link.Token, $"{baseUrl}/privacy?token={Uri.EscapeDataString(link.Token)}", link.ExpiresAt));
    }

    private static async Task<Results<Ok<PrivacyLinksRevokedResponse>, ProblemHttpResult>> RevokeAsync(string customerRef, IGrainFactory grains) =>
        !GrainKeys.IsValidId(customerRef) || Caller.TenantId is not { } tenantId
            ? Problems.NotFound()
            : TypedResults.Ok(new PrivacyLinksRevokedResponse(await grains.GetPrivacyLinkGrain(tenantId).RevokeAsync(customerRef)));

    private static async Task<Ok<SubjectOverviewResponse>> OverviewAsync(IGrainFactory grains) =>
        TypedResults.Ok(SubjectOverviewResponse.From(await grains.GetPrivacyLinkGrain(Caller.TenantId!).OverviewAsync()));

    private static async Task<Results<Accepted<PrivacyRequestResponse>, ProblemHttpResult>> StartAsync(HttpRequest request, IGrainFactory grains)
    {
        var (body, problem) = await JsonBody.ReadAsync<SubjectRequestBody>(request);
        if (problem is not null)
        {
            return problem;
        }

        var kind = PrivacyNames.Kind(body!.Kind);
        if (kind is not (PrivacyRequestKind.Access or PrivacyRequestKind.Erasure))
        {
            return Problems.BadRequest("kind must be access or erasure.");
        }

        // The subject is the link's own, never named by the caller; the request grain checks it again.
        var caller = Caller;
        var requestId = GrainKeys.NewLocalId('p');
        var view = await grains.GetPrivacyRequestGrain(caller.TenantId!, requestId)
            .StartAsync(new PrivacyRequestStart(kind.Value, PrivacyRequestSource.DataSubject, [caller.Subject!], []));
        return TypedResults.Accepted($"/v1/privacy/self/requests/{requestId}", PrivacyRequestResponse.From(view));
    }

    private static async Task<Results<Ok<PrivacyRequestResponse>, ProblemHttpResult>> GetAsync(string requestId, IGrainFactory grains) =>
        GrainKeys.IsValidId(requestId)
            ? TypedResults.Ok(PrivacyRequestResponse.From(await grains.GetPrivacyRequestGrain(Caller.TenantId!, requestId).GetAsync()))
            : Problems.NotFound();

    /// <summary>
    /// The request grain first confirms, as the data subject, that the request is about them (404 like missing
    /// otherwise); only then is the export written, as the tenant's privacy work on behalf of this link. The privacy
    /// page's download (<see cref="Web.SubjectDownloads"/>) is this same route under the page's cookie.
    /// </summary>
    internal static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportAsync(string requestId, IGrainFactory grains, TimeProvider time, HttpContext context)
    {
        if (!GrainKeys.IsValidId(requestId))
        {
            return Problems.NotFound();
        }

        var caller = Caller;
        var tenantId = caller.TenantId!;
        var customerRefs = await grains.GetPrivacyRequestGrain(tenantId, requestId).SubjectsAsync();
        if (customerRefs.Any(r => !string.Equals(r, caller.Subject, StringComparison.Ordinal)))
        {
            return Problems.NotFound();
        }

        var privacy = CallerContext.Privacy(tenantId, caller.ActorId);
        var writer = new SubjectExportWriter(time);
        return TypedResults.Stream(async stream =>
        {
            CallerContext.Current = privacy;
            await writer.WriteAsync(stream, grains, tenantId, requestId, customerRefs, context.RequestAborted);
        }, "application/json");
    }

    private static async Task<Results<Ok<ReceiptResponse>, ProblemHttpResult>> ReceiptAsync(string requestId, IGrainFactory grains)
    {
        if (!GrainKeys.IsValidId(requestId))
        {
            return Problems.NotFound();
        }

        var receipt = await grains.GetPrivacyRequestGrain(Caller.TenantId!, requestId).GetReceiptAsync();
        return TypedResults.Ok(new ReceiptResponse(receipt.Receipt, receipt.Signature, receipt.KeyId));
    }
}
