namespace Omniops.Actors.Grains.Conversations;

/// <summary>How replies are sent to the channels (<c>Omniops:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    public const string Section = "Omniops:Outbox";

    /// <summary>Attempts before a message is given up as failed (its status <c>failed</c>, audited). Default 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The delay after the first failed attempt; it doubles with each further one, with jitter. Default 5 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between attempts. Default 15 minutes.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The period of a tenant's dispatch reminder while its outbox holds rows (at least a minute). Default 1 minute.</summary>
    public TimeSpan DispatchPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many due rows one dispatch reads at a time. Default 50.</summary>
    public int BatchSize { get; set; } = 50;
}
