using System.Diagnostics.Metrics;
using Omniops.Actors.GrainInterfaces.Metrics;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// Audit appends: <c>omniops_audit_appends_total{outcome}</c>, outcome <c>success</c> or <c>failure</c> (the store
/// refused it, or the trail's head did not reload: the operation it recorded was not performed). Recorded in the silo
/// that hosts the tenant's audit log grain.
/// </summary>
public static class AuditMetrics
{
    private static readonly Counter<long> Appends = OmniopsMeter.Meter.CreateCounter<long>(
        "omniops.audit.appends", "{event}", "Audit events appended, by outcome.");

    public static void Appended() => Appends.Add(1, new KeyValuePair<string, object?>("outcome", "success"));

    public static void Failed() => Appends.Add(1, new KeyValuePair<string, object?>("outcome", "failure"));
}
