using System.Diagnostics.Metrics;
using Omniops.Actors.GrainInterfaces.Metrics;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// Refused and failed requests: <c>omniops_http_rejected_total{status, reason}</c>, where reason is the problem
/// document's slug (a constant in code: <c>unauthorized</c>, <c>forbidden</c>, <c>not-found</c>, <c>too-large</c>,
/// <c>rate-limited</c>, <c>invalid-request</c>, <c>cluster-unavailable</c>, …), so the label set stays small. Recorded
/// where every problem document is shaped (<see cref="Problems.Shape"/>).
/// </summary>
public static class RejectionMetrics
{
    private static readonly Counter<long> Rejected = OmniopsMeter.Meter.CreateCounter<long>(
        "omniops.http.rejected", "{request}", "Requests answered with a problem document, by status and reason.");

    public static void Record(int status, string reason) =>
        Rejected.Add(1, new KeyValuePair<string, object?>("status", status), new KeyValuePair<string, object?>("reason", reason));
}
