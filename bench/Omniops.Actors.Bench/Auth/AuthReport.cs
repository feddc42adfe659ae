using System.Globalization;
using System.Text;
using Omniops.Actors.Bench.Infrastructure;

namespace Omniops.Actors.Bench.Auth;

/// <summary>
/// The auth tables: every bad-key phase in the order it ran, the medians per flood size against the unflooded median
/// with the verdict, then the memory and activations before and after the unknown-tenant flood.
/// </summary>
public sealed class AuthReport(double targetShare, double targetP99Milliseconds, double targetMemoryMegabytes)
{
    private const double Megabyte = 1024 * 1024;
    private readonly List<AuthPhaseResult> _phases = [];

    public double WorstOtherLoad { get; private set; }

    public void Add(AuthPhaseResult phase)
    {
        _phases.Add(phase);
        WorstOtherLoad = Math.Max(WorstOtherLoad, phase.OtherLoadPercent);
    }

    public void AddOtherLoad(double percent) => WorstOtherLoad = Math.Max(WorstOtherLoad, percent);

    public string PhaseTable()
    {
        var table = new MarkdownTable("run", "legit req/s", "p50 ms", "p99 ms", "max ms", "legit errors", "× unflooded (same round)",
            "flood req/s", "flood answers (whole phase)", "machine CPU busy", "other load");
        foreach (var phase in _phases)
        {
            var unflooded = _phases.FirstOrDefault(p => p.Round == phase.Round && p.FloodConnections == 0);
            var legit = phase.Legitimate;
            table.Add($"round {phase.Round}, {Describe(phase.FloodConnections)}", Format.Rate(legit.PerSecond), Format.Milliseconds(legit.P50Milliseconds),
                Format.Milliseconds(legit.P99Milliseconds), Format.Milliseconds(legit.MaxMilliseconds),
                legit.Errors == 0 ? "0" : legit.ErrorKinds,
                phase.FloodConnections == 0 || unflooded is null ? "–" : Share(legit.PerSecond / unflooded.Legitimate.PerSecond),
                phase.FloodConnections == 0 ? "–" : Format.Rate(phase.Flood.PerSecond), phase.Flood.Describe(),
                Format.Load(phase.MachineBusyPercent), Format.Load(phase.OtherLoadPercent));
        }

        return table.ToString();
    }

    public string Verdict()
    {
        var unflooded = MedianRate(0);
        var table = new MarkdownTable("legitimate traffic (medians of the rounds)", "req/s", "p50 ms", "p99 ms", "× unflooded",
            "flood req/s", $"target ≥ {targetShare:0%} of unflooded, p99 ≤ {targetP99Milliseconds:0} ms");
        foreach (var connections in _phases.Select(p => p.FloodConnections).Distinct())
        {
            var phases = Of(connections);
            var rate = MedianRate(connections);
            var p99 = Format.Median(phases.Select(p => p.Legitimate.P99Milliseconds));
            var met = rate / unflooded >= targetShare && p99 <= targetP99Milliseconds && phases.All(p => p.Legitimate.Errors == 0);
            table.Add(Describe(connections), Format.Rate(rate), Format.Milliseconds(Format.Median(phases.Select(p => p.Legitimate.P50Milliseconds))),
                Format.Milliseconds(p99), connections == 0 ? "1.00" : Share(rate / unflooded),
                connections == 0 ? "–" : Format.Rate(Format.Median(phases.Select(p => p.Flood.PerSecond))),
                connections == 0 ? "–" : met ? "met" : "MISSED");
        }

        var text = new StringBuilder(table.ToString());
        text.AppendLine();
        text.AppendLine("legit req/s: 200 answers to `GET /v1/tenant` with the tenant's admin key completed inside the window; p50/p99/max: that exchange; " +
            "legit errors: any other answer inside the window; × unflooded: legit req/s against the unflooded run (of the same round, or of the medians); " +
            "flood req/s and answers: everything the flood connections got back over the whole phase (warm-up included), by status code or exception; " +
            "machine CPU busy: all cores, every process; other load: processes outside the benchmark.");
        foreach (var phase in _phases.Where(p => p.Legitimate.FirstError is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- round {phase.Round}, {Describe(phase.FloodConnections)}: first legitimate error (warm-up included): {phase.Legitimate.FirstError}");
        }

        return text.ToString();
    }

    public string MemoryTable(ProcessMemory before, ProcessMemory after)
    {
        var table = new MarkdownTable("process memory (silo + gateway + load generator, after a forced full GC)", "before MB", "after MB", "change MB",
            $"target within {targetMemoryMegabytes:0} MB");
        Row(table, "GC heap (live objects)", before.GcHeapBytes, after.GcHeapBytes, verdict: true);
        Row(table, "GC committed", before.GcCommittedBytes, after.GcCommittedBytes, verdict: false);
        Row(table, "working set (RSS)", before.WorkingSetBytes, after.WorkingSetBytes, verdict: true);
        return table.ToString();
    }

    public static string ActivationsTable(GrainActivations before, GrainActivations after)
    {
        var table = new MarkdownTable("grain activations (IManagementGrain)", "before", "after", "change");
        table.Add("all grain classes", Format.Count(before.Total), Format.Count(after.Total), Change(after.Total - before.Total));
        foreach (var (grainClass, count) in after.ByClass.Concat(before.ByClass.Where(b => after.Of(b.Key) == 0)).Take(8))
        {
            table.Add(grainClass, Format.Count(before.Of(grainClass)), Format.Count(count), Change(count - before.Of(grainClass)));
        }

        return table.ToString();
    }

    private void Row(MarkdownTable table, string name, long before, long after, bool verdict)
    {
        var delta = after - before;
        table.Add(name, Megabytes(before), Megabytes(after), (delta >= 0 ? "+" : "") + Megabytes(delta),
            !verdict ? "–" : Math.Abs(delta) / Megabyte <= targetMemoryMegabytes ? "met" : "MISSED");
    }

    private List<AuthPhaseResult> Of(int connections) => _phases.Where(p => p.FloodConnections == connections).ToList();

    private double MedianRate(int connections) => Format.Median(Of(connections).Select(p => p.Legitimate.PerSecond));

    private static string Describe(int connections) => connections == 0 ? "unflooded" : $"flood {connections} conn";

    private static string Share(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / Megabyte).ToString("F1", CultureInfo.InvariantCulture);

    private static string Change(long delta) => (delta >= 0 ? "+" : "") + Format.Count(delta);
}
