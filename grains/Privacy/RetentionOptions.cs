namespace Omniops.Actors.Grains.Privacy;

/// <summary>How retention sweeps run (<c>Omniops:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Omniops:Retention";

    /// <summary>
    /// How often each tenant's retention reminder sweeps it. Retention counts in days, so an hour is plenty; Orleans'
    /// minimum reminder period applies (one minute unless <c>Omniops:Cluster:Reminders:MinimumReminderPeriod</c> lowers
    /// it, as the fault tests do to see an interrupted sweep resumed within seconds).
    /// </summary>
    public TimeSpan SweepPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many index rows (conversations, orders) a sweep expires at a time.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>How long a cleared grain's tombstone is kept before a sweep purges it.</summary>
    public TimeSpan TombstoneAge { get; set; } = TimeSpan.FromDays(7);

    public bool IsValid() =>
        SweepPeriod >= TimeSpan.FromSeconds(1) && SweepPeriod <= TimeSpan.FromDays(1) &&
        PageSize is >= 1 and <= 10_000 &&
        TombstoneAge >= TimeSpan.FromHours(1) && TombstoneAge <= TimeSpan.FromDays(365);
}
