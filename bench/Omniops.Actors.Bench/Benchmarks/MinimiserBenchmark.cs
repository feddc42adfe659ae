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
        var results = new List<(double MegabytesPerSecond, double MegabytesPerCpuSecond, double MicrosecondsPerMessage, double BytesAllocatedPerMessage)>();
        for (var round = 0; round < rounds; round++)
        {
            Progress.Report($"minimiser: round {round + 1} of {rounds}");
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            var passes = 0;
            do
            {
                Pass(minimiser, corpus);
                passes++;
            }
            while (Stopwatch.GetElapsedTime(started) < options.Window);

            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var messages = (double)passes * corpus.Count;
            results.Add((bytes * passes / elapsed.TotalSeconds / 1_000_000, bytes * passes / cpuSeconds / 1_000_000, elapsed.TotalMicroseconds / messages,
                (GC.GetAllocatedBytesForCurrentThread() - allocated) / messages));
        }

        var otherLoad = probe.OtherLoadPercent();
        var c = CultureInfo.InvariantCulture;
        var median = Format.Median(results.Select(r => r.MegabytesPerSecond));
        var medianCpu = Format.Median(results.Select(r => r.MegabytesPerCpuSecond));
        await output.WriteLineAsync("| round | MB/s wall (UTF-8 text) | MB per CPU-second (this process) | µs per message (wall) | bytes allocated per message |");
        await output.WriteLineAsync("|---:|---:|---:|---:|---:|");
        for (var i = 0; i < results.Count; i++)
        {
            await output.WriteLineAsync(string.Create(c, $"| {i + 1} | {results[i].MegabytesPerSecond:F1} | {results[i].MegabytesPerCpuSecond:F1} | {results[i].MicrosecondsPerMessage:F1} | {results[i].BytesAllocatedPerMessage:N0} |"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(c, $"Median {median:F1} MB/s wall, {medianCpu:F1} MB per CPU-second, on one thread; target ≥ {TargetMegabytesPerSecond} MB/s: {(median >= TargetMegabytesPerSecond ? "met" : "MISSED")}. Other load during the runs: {Format.Load(otherLoad)} of all cores."));
        await output.WriteLineAsync();
        await output.WriteLineAsync("Where the time goes (each detector alone, and the known values alone, over the corpus):");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| part | µs per message |");
        await output.WriteLineAsync("|---|---:|");
        var known = new Minimiser([]);
        await output.WriteLineAsync(string.Create(c, $"| known values (scope + minimise) | {PerMessage(corpus, m => known.BeginScope(m.Known).Minimise(m.Text)):F1} |"));
        var spans = new List<MinimisedSpan>();
        foreach (var detector in EntityDetectors.Create())
        {
            await output.WriteLineAsync(string.Create(c, $"| {detector.GetType().Name} | {PerMessage(corpus, m => { spans.Clear(); detector.Detect(m.Text, spans); }):F1} |"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(MinimiserCorpus.Score(minimiser, corpus).Describe());
        return otherLoad;
    }

    private static double PerMessage(IReadOnlyList<CorpusMessage> corpus, Action<CorpusMessage> work)
    {
        const int Passes = 5;
        foreach (var message in corpus)
        {
            work(message);
        }

        var started = Stopwatch.GetTimestamp();
        for (var pass = 0; pass < Passes; pass++)
        {
            foreach (var message in corpus)
            {
                work(message);
            }
        }

        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / (Passes * corpus.Count);
    }

    private static void Pass(Minimiser minimiser, IReadOnlyList<CorpusMessage> corpus)
    {
        foreach (var message in corpus)
        {
            _ = minimiser.BeginScope(message.Known).Minimise(message.Text);
        }
    }
}
