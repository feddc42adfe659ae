using System.Diagnostics.Metrics;

namespace Omniops.Actors.GrainInterfaces.Metrics;

/// <summary>
/// The one <see cref="Meter"/> of the runtime's own signals (<see cref="Name"/>), exported on <c>/metrics</c>. Each
/// feature defines its instruments in one class beside its code (<c>WebhookMetrics</c>, <c>RejectionMetrics</c>,
/// <c>AuditMetrics</c>, <c>RetentionMetrics</c>, <c>AiMetrics</c>). Labels are bounded sets named in code (channel,
/// outcome, status, problem slug, provider, model): never a tenant id, a personal value or a secret.
/// </summary>
public static class OmniopsMeter
{
    public const string Name = "Omniops.Actors";

    public static readonly Meter Meter = new(Name, "1.0");
}
