using System.Diagnostics;
using System.Globalization;
using System.Text;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Grains.Ai.Minimisation;
using Omniops.Actors.Tests.Ai.Corpus;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// The minimiser on the labelled corpus (tests/Omniops.Actors.Tests/Ai/Corpus): throughput on one core — one thread
/// begins a scope with each message's known values and minimises its text, over the whole corpus, repeated for at
/// least <c>--seconds</c> per round — then recall per labelled kind and false positives per detected kind.
/// </summary>
public sealed class MinimiserBenchmark(BenchOptions options)
{
    private const double TargetMegabytesPerSecond = 20;

    /// <returns>The share of the cores other processes took during the benchmark.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        var corpus = MinimiserCorpus.Load(Path.Combine(AppContext.BaseDirectory, "Corpus"));
        var minimiser = new Minimiser(EntityDetectors.Create());
        var bytes = corpus.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Text));
        var rounds = options.Given.Contains("--rounds") ? options.Rounds : 3;
        await output.WriteLineAsync($"## minimiser: throughput on one core and recall on the corpus ({corpus.Count} messages, {Format.Count(bytes)} bytes of text; {rounds} rounds of ≥ {options.Seconds} s)");
        await output.WriteLineAsync();

        var probe = new CpuProbe();
        Pass(minimiser, corpus); // warm-up: JIT, regex and libphonenumber metadata
        var results = new List<(double MegabytesPerSecond, double MicrosecondsPerMessage, double BytesAllocatedPerMessage)>();
        for (var round = 0; round < rounds; round++)
        {
            Progress.Report($"minimiser: round {round + 1} of {rounds}");
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            var passes = 0;
            do
            {
                Pass(minimiser, corpus);
                passes++;
            }
            while (Stopwatch.GetElapsedTime(started) < options.Window);

            var elapsed = Stopwatch.GetElapsedTime(started);
            var messages = (double)passes * corpus.Count;
            results.Add((bytes * passes / elapsed.TotalSeconds / 1_000_000, elapsed.TotalMicroseconds / messages,
                (GC.GetAllocatedBytesForCurrentThread() - allocated) / messages));
        }

        var otherLoad = probe.OtherLoadPercent();
        var c = CultureInfo.InvariantCulture;
        var median = Format.Median(results.Select(r => r.MegabytesPerSecond));
        await output.WriteLineAsync("| round | MB/s (UTF-8 text) | µs per message | bytes allocated per message |");
        await output.WriteLineAsync("|---:|---:|---:|---:|");
        for (var i = 0; i < results.Count; i++)
        {
            await output.WriteLineAsync(string.Create(c, $"| {i + 1} | {results[i].MegabytesPerSecond:F1} | {results[i].MicrosecondsPerMessage:F1} | {results[i].BytesAllocatedPerMessage:N0} |"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(c, $"Median {median:F1} MB/s on one core; target ≥ {TargetMegabytesPerSecond} MB/s: {(median >= TargetMegabytesPerSecond ? "met" : "MISSED")}. Other load during the runs: {Format.Load(otherLoad)} of all cores."));
        await output.WriteLineAsync();
        await output.WriteLineAsync(MinimiserCorpus.Score(minimiser, corpus).Describe());
        return otherLoad;
    }

    private static void Pass(Minimiser minimiser, IReadOnlyList<CorpusMessage> corpus)
    {
        foreach (var message in corpus)
        {
            _ = minimiser.BeginScope(message.Known).Minimise(message.Text);
        }
    }
}
