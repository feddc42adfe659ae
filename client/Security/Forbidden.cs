using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// The answer to an authenticated caller whose role does not allow the route: a 403 problem document, and a
/// <c>http.denied</c> event (the route's pattern, never its values) in the caller's own log, within its budget.
/// </summary>
public static class Forbidden
{
    /// <summary>The problem document's title and detail (the dashboard's refusal page shows the same words).</summary>
    public const string Title = "Forbidden.";

    public const string Detail = "This key's role does not allow this operation.";

    public static Task ExecuteAsync(HttpContext context, RejectionAudit rejections)
    {
        Record(context, rejections);
        return Problems.Forbidden(Detail).ExecuteAsync(context);
    }

    /// <summary>The <c>http.denied</c> event alone (the dashboard renders its own HTML refusal with the same words).</summary>
    public static void Record(HttpContext context, RejectionAudit rejections)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(rejections);
        var caller = CallerClaims.ToCaller(context.User);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        rejections.Record(caller?.TenantId ?? GrainKeys.OperatorTenant, "http.denied",
            new Dictionary<string, string> { ["method"] = context.Request.Method, ["route"] = route }, caller?.ActorId, outcome: AuditOutcomes.Denied,
            source: SourceAddressLimiter.CoarseSourceOf(context));
    }
}
