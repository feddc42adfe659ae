using System.Diagnostics;
using System.Globalization;
using System.Text;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Grains.Ai.Minimisation;
using Omniops.Actors.Tests.Ai.Corpus;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// The minimiser on the labelled corpus (tests/Omniops.Actors.Tests/Ai/Corpus): throughput on one core, then recall per
/// labelled kind and false positives per detected kind. Throughput is measured two ways, each over the whole corpus
/// repeated for at least <c>--seconds</c> per round on one thread: a scope begun for each message with its own known
/// values (the worst case); a scope begun once per conversation of eight consecutive corpus messages with one
/// customer's known values (the first message's: a real conversation has one customer), as one draft request
/// minimises a conversation's messages — the realistic request the target is judged on; and the same conversations
/// with the union of their eight customers' known values (more patterns than any real conversation holds). The one-core figure is MB of UTF-8 text per CPU-second of the measuring thread
/// (from /proc), since the machine may be shared; wall-clock MB/s and the process's CPU time (GC threads included)
/// are shown beside it.
/// </summary>
public sealed class MinimiserBenchmark(BenchOptions options)
{
    private const double TargetMegabytesPerSecond = 20;
    private const int MessagesPerConversation = 8;

    /// <returns>The share of the cores other processes took during the benchmark.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        var corpus = MinimiserCorpus.Load(Path.Combine(AppContext.BaseDirectory, "Corpus"));
        var minimiser = new Minimiser(EntityDetectors.Create());
        var bytes = corpus.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Text));
        var conversations = corpus.Chunk(MessagesPerConversation)
            .Select(c => (Known: c.SelectMany(m => m.Known).ToArray(), Texts: c.Select(m => m.Text).ToArray())).ToArray();
        var oneCustomer = corpus.Chunk(MessagesPerConversation)
            .Select(c => (Known: c[0].Known.ToArray(), Texts: c.Select(m => m.Text).ToArray())).ToArray();
        var rounds = options.Given.Contains("--rounds") ? options.Rounds : 3;
        await output.WriteLineAsync($"## minimiser: throughput on one core and recall on the corpus ({corpus.Count} messages, {Format.Count(bytes)} bytes of text; {rounds} rounds of ≥ {options.Seconds} s per mode)");
        await output.WriteLineAsync();

        var probe = new CpuProbe();
        // Warm-up until the tiered JIT has settled (at least 1.5 s of this thread's CPU): regex, libphonenumber metadata.
        var warm = ThreadCpu.Seconds();
        do
        {
            PerMessage(minimiser, corpus);
            PerConversation(minimiser, conversations);
            PerConversation(minimiser, oneCustomer);
        }
        while (ThreadCpu.Seconds() - warm < 1.5);

        var results = new List<(string Mode, int Number, MinimiserRound Round)>();
        for (var round = 0; round < rounds; round++)
        {
            Progress.Report($"minimiser: round {round + 1} of {rounds}");
            results.Add(("scope per message", round + 1, Measure(() => PerMessage(minimiser, corpus), bytes, corpus.Count)));
            results.Add(("scope per conversation, one customer", round + 1, Measure(() => PerConversation(minimiser, oneCustomer), bytes, corpus.Count)));
            results.Add(("scope per conversation, 8 customers' union", round + 1, Measure(() => PerConversation(minimiser, conversations), bytes, corpus.Count)));
        }

        var otherLoad = probe.OtherLoadPercent();
        var c = CultureInfo.InvariantCulture;
        await output.WriteLineAsync("| mode | round | MB per CPU-second (measuring thread = one core) | MB/s wall | MB per process CPU-second (GC threads included) | µs CPU per message | bytes allocated per message |");
        await output.WriteLineAsync("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (mode, number, r) in results)
        {
            await output.WriteLineAsync(string.Create(c, $"| {mode} | {number} | {r.PerThreadCpu:F1} | {r.PerWall:F1} | {r.PerProcessCpu:F1} | {r.CpuMicrosecondsPerMessage:F1} | {r.AllocatedPerMessage:N0} |"));
        }

        await output.WriteLineAsync();
        var conversation = Format.Median(results.Where(r => r.Mode == "scope per conversation, one customer").Select(r => r.Round.PerThreadCpu));
        var union = Format.Median(results.Where(r => r.Mode == "scope per conversation, 8 customers' union").Select(r => r.Round.PerThreadCpu));
        var message = Format.Median(results.Where(r => r.Mode == "scope per message").Select(r => r.Round.PerThreadCpu));
        await output.WriteLineAsync(string.Create(c, $"Median, MB per CPU-second on one thread: {conversation:F1} with a scope per conversation of one customer (the realistic request; target ≥ {TargetMegabytesPerSecond} MB/s on one core: {(conversation >= TargetMegabytesPerSecond ? "met" : "MISSED")}), {union:F1} with the 8 customers' union, {message:F1} with a scope per message. Other load during the runs: {Format.Load(otherLoad)} of all cores."));
        await output.WriteLineAsync();
        await output.WriteLineAsync("Where the time goes (each detector alone, and the known values alone with a scope per message, over the corpus; CPU time of the measuring thread):");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| part | µs CPU per message |");
        await output.WriteLineAsync("|---|---:|");
        var known = new Minimiser([]);
        await output.WriteLineAsync(string.Create(c, $"| known values (scope + minimise) | {CpuPerMessage(corpus, m => known.BeginScope(m.Known).Minimise(m.Text)):F2} |"));
        await output.WriteLineAsync(string.Create(c, $"| known values: begin the scope alone | {CpuPerMessage(corpus, m => known.BeginScope(m.Known)):F2} |"));
        var scopes = corpus.ToDictionary(m => m, m => known.BeginScope(m.Known));
        await output.WriteLineAsync(string.Create(c, $"| known values: minimise in a begun scope | {CpuPerMessage(corpus, m => scopes[m].Minimise(m.Text)):F2} |"));
        var spans = new List<MinimisedSpan>();
        foreach (var detector in EntityDetectors.Create())
        {
            await output.WriteLineAsync(string.Create(c, $"| {detector.GetType().Name} | {CpuPerMessage(corpus, m => { spans.Clear(); detector.Detect(m.Text, spans); }):F2} |"));
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync(MinimiserCorpus.Score(minimiser, corpus).Describe());
        return otherLoad;
    }

    private MinimiserRound Measure(Action pass, long bytes, int messages)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var process = Process.GetCurrentProcess().TotalProcessorTime;
        var thread = ThreadCpu.Seconds();
        var started = Stopwatch.GetTimestamp();
        var passes = 0;
        do
        {
            pass();
            passes++;
        }
        while (Stopwatch.GetElapsedTime(started) < options.Window);

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var threadSeconds = ThreadCpu.Seconds() - thread;
        var processSeconds = (Process.GetCurrentProcess().TotalProcessorTime - process).TotalSeconds;
        var megabytes = bytes * (double)passes / 1_000_000;
        return new MinimiserRound(megabytes / threadSeconds, megabytes / elapsed, megabytes / processSeconds,
            threadSeconds * 1_000_000 / (passes * (double)messages), (GC.GetAllocatedBytesForCurrentThread() - allocated) / (passes * (double)messages));
    }

    private static double CpuPerMessage(IReadOnlyList<CorpusMessage> corpus, Action<CorpusMessage> work)
    {
        foreach (var message in corpus)
        {
            work(message);
        }

        var thread = ThreadCpu.Seconds();
        var passes = 0;
        double used;
        do
        {
            foreach (var message in corpus)
            {
                work(message);
            }

            passes++;
            used = ThreadCpu.Seconds() - thread;
        }
        while (used < 0.3);

        return used * 1_000_000 / (passes * (double)corpus.Count);
    }

    private static void PerMessage(Minimiser minimiser, IReadOnlyList<CorpusMessage> corpus)
    {
        foreach (var message in corpus)
        {
            _ = minimiser.BeginScope(message.Known).Minimise(message.Text);
        }
    }

    private static void PerConversation(Minimiser minimiser, (KnownEntity[] Known, string[] Texts)[] conversations)
    {
        foreach (var (known, texts) in conversations)
        {
            var scope = minimiser.BeginScope(known);
            foreach (var text in texts)
            {
                _ = scope.Minimise(text);
            }
        }
    }
}
