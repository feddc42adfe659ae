namespace Omniops.Actors.Grains.Audit;

/// <summary>How the audit trail records reads (<c>Omniops:Audit</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Omniops:Audit";

    /// <summary>
    /// Reads of decrypted personal data (a conversation, a customer, an order) are audited at most once per actor and
    /// resource in this period (<c>Omniops__Audit__ReadAuditPeriod</c>, e.g. <c>00:15:00</c>): an agent paging through
    /// a conversation is one event, not one per page. Zero records every read. 0 to 24 hours; default 15 minutes.
    /// </summary>
    public TimeSpan ReadAuditPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often every silo signs a checkpoint of every tenant's chain head (<c>Omniops__Audit__CheckpointPeriod</c>):
    /// a tail deleted after a checkpoint is reported by verify. 1 minute to 7 days; default 1 hour.
    /// </summary>
    public TimeSpan CheckpointPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether the values are in range; the silo refuses to start otherwise.</summary>
    public bool IsValid() => ReadAuditPeriod >= TimeSpan.Zero && ReadAuditPeriod <= TimeSpan.FromHours(24) &&
        CheckpointPeriod >= TimeSpan.FromMinutes(1) && CheckpointPeriod <= TimeSpan.FromDays(7);
}
