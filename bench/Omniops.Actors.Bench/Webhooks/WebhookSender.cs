namespace Omniops.Actors.Bench.Webhooks;

/// <summary>One sender's tally: 2xx answers inside the window (with their latencies, in Stopwatch ticks) and errors.</summary>
internal sealed class WebhookSender(int capacity)
{
    public List<long> Latencies { get; } = new(capacity);

    public long Errors { get; set; }

    /// <summary>Error kind (status code or exception type) → count, over the window.</summary>
    public Dictionary<string, long> ErrorKinds { get; } = [];

    /// <summary>The first error's status and body excerpt (or exception message), warm-up included.</summary>
    public string? FirstError { get; set; }
}
