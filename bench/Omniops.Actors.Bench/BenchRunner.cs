using System.Diagnostics;
using Omniops.Actors.Bench.Benchmarks;
using Omniops.Actors.Bench.Cluster;
using Omniops.Actors.Bench.Infrastructure;

namespace Omniops.Actors.Bench;

/// <summary>Runs the selected benchmarks and prints a markdown report to standard output.</summary>
public static class BenchRunner
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            await Console.Error.WriteLineAsync(BenchOptions.Usage);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        Progress.Report($"benchmarks: {options.Benchmark}");
        await output.WriteLineAsync($"# Omniops.Actors benchmarks: {options.Benchmark} (--seconds {options.Seconds} --rounds {options.Rounds} --concurrency {options.Concurrency} --events {options.Events} --flood-seconds {options.FloodSeconds} --conversations {options.Conversations} --loads {options.Loads})");
        await output.WriteLineAsync();
        await output.WriteLineAsync(MachineInfo.Describe().ToString());
        // Processes this run started itself (`dotnet run`'s build, the SDK probe above) take a few seconds to wind
        // down: wait up to 15 one-second samples for a quiet one, and report the last.
        var background = 100.0;
        var samples = 0;
        while (samples < 15 && background > 5)
        {
            var idle = new CpuProbe();
            await Task.Delay(TimeSpan.FromSeconds(1));
            background = idle.OtherLoadPercent();
            samples++;
        }

        await output.WriteLineAsync($"Background load before start (1 s sample, benchmark idle, sample {samples} of at most 15): {Format.Load(background)} of all cores." +
            (background > 5 ? " WARNING: the machine is busy with other work; the numbers below are disturbed. Re-run on a quiet machine." : string.Empty));
        await output.WriteLineAsync();

        var otherLoad = background;
        if (options.Runs("isolation"))
        {
            otherLoad = Math.Max(otherLoad, await new IsolationBenchmark(options).RunAsync(output));
        }

        if (options.Runs("minimiser"))
        {
            otherLoad = Math.Max(otherLoad, await new MinimiserBenchmark(options).RunAsync(output));
        }

        var onDeployment = options.Runs("audit") || options.Runs("verify") || options.Runs("encryption") || options.Runs("privacy");
        if (onDeployment || options.Runs("webhooks") || options.Runs("auth") || options.Runs("ai-draft") || options.Runs("inbox"))
        {
            await using var server = PostgresServer.Start();
            await output.WriteLineAsync($"PostgreSQL {await server.ShowAsync("server_version")} ({server.Description}); " +
                $"fsync={await server.ShowAsync("fsync")}, synchronous_commit={await server.ShowAsync("synchronous_commit")}, " +
                $"shared_buffers={await server.ShowAsync("shared_buffers")}, wal_sync_method={await server.ShowAsync("wal_sync_method")}");
            await output.WriteLineAsync();
            if (onDeployment)
            {
                otherLoad = Math.Max(otherLoad, await RunOnDeploymentAsync(options, server, output));
            }

            if (options.Runs("webhooks"))
            {
                otherLoad = Math.Max(otherLoad, await new WebhookIngestBenchmark(options, server).RunAsync(output));
            }

            if (options.Runs("auth"))
            {
                otherLoad = Math.Max(otherLoad, await new AuthFloodBenchmark(options, server).RunAsync(output));
            }

            if (options.Runs("ai-draft"))
            {
                otherLoad = Math.Max(otherLoad, await new AiDraftBenchmark(options, server).RunAsync(output));
            }

            if (options.Runs("inbox"))
            {
                otherLoad = Math.Max(otherLoad, await new InboxBenchmark(options, server).RunAsync(output));
            }
        }

        if (options.Runs("scale"))
        {
            otherLoad = Math.Max(otherLoad, await new ScaleBenchmark(options).RunAsync(output));
        }

        if (options.Runs("soak"))
        {
            otherLoad = Math.Max(otherLoad, await new SoakBenchmark(options).RunAsync(output));
        }

        await output.WriteLineAsync($"Other load, worst of all measured runs: {Format.Load(otherLoad)} of all cores" +
            (otherLoad > 5 ? " — DISTURBED: other processes competed for the CPU; re-run on a quiet machine." : " (quiet machine)."));
        await output.WriteLineAsync($"Total wall time: {Format.Seconds(clock.Elapsed)} s.");
        return 0;
    }

    /// <summary>The benchmarks on one TestingHost deployment (stopped before the webhooks benchmark starts its own silo).</summary>
    private static async Task<double> RunOnDeploymentAsync(BenchOptions options, PostgresServer server, TextWriter output)
    {
        var otherLoad = 0.0;
        await using var deployment = await PostgresDeployment.StartAsync(server);
        if (options.Runs("audit"))
        {
            otherLoad = Math.Max(otherLoad, await new AuditBenchmark(options, deployment).RunAsync(output));
        }

        if (options.Runs("verify"))
        {
            otherLoad = Math.Max(otherLoad, await new VerifyBenchmark(options, deployment).RunAsync(output));
        }

        if (options.Runs("encryption"))
        {
            otherLoad = Math.Max(otherLoad, await new EncryptionBenchmark(options, deployment).RunAsync(output));
        }

        if (options.Runs("privacy"))
        {
            otherLoad = Math.Max(otherLoad, await new PrivacyBenchmark(options, deployment).RunAsync(output));
        }

        return otherLoad;
    }
}
