using System.Diagnostics;
using System.Security.Cryptography;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Bench.Ingest;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// The cost of encryption at rest: AES-256-GCM seal + open of a 1 KiB field (µs, one thread), and the durable ingest
/// path — a 1 KiB message sealed under its subject key and persisted to PostgreSQL by its grain — beside the same
/// path without sealing, alternating rounds in the same run, <c>--concurrency</c> grains in parallel.
/// </summary>
public sealed class EncryptionBenchmark(BenchOptions options, PostgresDeployment deployment)
{
    private const double TargetOverheadPercent = 5;
    private const int FieldBytes = 1024;

    /// <returns>The share of the cores other processes took during the benchmark.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        await output.WriteLineAsync($"## encryption: AES-256-GCM field cost and the durable ingest path ({FieldBytes} B bodies)");
        await output.WriteLineAsync();
        var probe = new CpuProbe();
        var (sealOpen, copy) = MeasureField();

        var tenantId = GrainKeys.NewTenantId();
        var body = RandomNumberGenerator.GetBytes(FieldBytes);
        var grains = Enumerable.Range(0, options.Concurrency)
            .Select(i => deployment.Cluster.Client.GetGrain<IIngestProbeGrain>(GrainKeys.Scoped(tenantId, $"c{i}")))
            .ToArray();
        var plain = new List<LoadResult>();
        var sealedRuns = new List<LoadResult>();
        for (var round = 0; round < options.Rounds; round++)
        {
            plain.Add(await RunAsync(grains, body, encrypt: false));
            sealedRuns.Add(await RunAsync(grains, body, encrypt: true));
        }

        var plainRate = Format.Median(plain.Select(r => r.PerSecond));
        var sealedRate = Format.Median(sealedRuns.Select(r => r.PerSecond));
        var overhead = (plainRate / sealedRate - 1) * 100;
        var table = new MarkdownTable("path", "result", "note")
            .Add("seal + open, 1 KiB field", $"{sealOpen:F2} µs", "one thread, AES-GCM (hardware AES)")
            .Add("copy only, 1 KiB (reference)", $"{copy:F3} µs", "what the baseline does instead")
            .Add("ingest, no encryption (baseline)", $"{Format.Rate(plainRate)} msg/s", $"p50 {Format.Milliseconds(Format.Median(plain.Select(r => r.P50Milliseconds)))} ms, p99 {Format.Milliseconds(Format.Median(plain.Select(r => r.P99Milliseconds)))} ms")
            .Add("ingest, sealed under the subject key", $"{Format.Rate(sealedRate)} msg/s", $"p50 {Format.Milliseconds(Format.Median(sealedRuns.Select(r => r.P50Milliseconds)))} ms, p99 {Format.Milliseconds(Format.Median(sealedRuns.Select(r => r.P99Milliseconds)))} ms")
            .Add("encryption overhead on ingest time", Format.Percent(overhead), $"target ≤ {TargetOverheadPercent:F0} % — {(overhead <= TargetOverheadPercent ? "met" : "MISSED")}");
        await output.WriteLineAsync(table.ToString());
        await output.WriteLineAsync($"Median of {options.Rounds} alternating rounds of {options.Seconds} s, {options.Concurrency} grains in parallel, each ingest one state write (synchronous_commit on).");
        await output.WriteLineAsync();
        return probe.OtherLoadPercent();
    }

    private async Task<LoadResult> RunAsync(IIngestProbeGrain[] grains, byte[] body, bool encrypt) =>
        await new LoadGenerator(options.Concurrency, recordLatency: true).RunAsync(
            TimeSpan.FromSeconds(1), options.Window, worker => () => grains[worker].IngestAsync(body, encrypt), _ => null);

    private static (double SealOpenMicroseconds, double CopyMicroseconds) MeasureField()
    {
        var key = new DataKey("subject", 1, RandomNumberGenerator.GetBytes(DataKey.Length));
        var body = RandomNumberGenerator.GetBytes(FieldBytes);
        const int iterations = 200_000;
        for (var i = 0; i < 10_000; i++)
        {
            FieldCipher.Open(key, "bench", "body", FieldCipher.Seal(key, "bench", "body", body));
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            FieldCipher.Open(key, "bench", "body", FieldCipher.Seal(key, "bench", "body", body));
        }

        var sealOpen = clock.Elapsed.TotalMicroseconds / iterations;
        clock.Restart();
        long sink = 0;
        for (var i = 0; i < iterations; i++)
        {
            sink += ((byte[])body.Clone())[i % FieldBytes];
        }

        GC.KeepAlive(sink);
        return (sealOpen, clock.Elapsed.TotalMicroseconds / iterations);
    }
}
