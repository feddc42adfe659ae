namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>One closed-loop worker's tally: operations inside the measured window (with their latencies) and in all.</summary>
internal sealed class LoadWorker(List<long> latencies)
{
    public long Operations { get; set; }

    public long Total { get; set; }

    public List<long> Latencies { get; } = latencies;
}
