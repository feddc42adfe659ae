using System.Diagnostics;
using Omniops.Actors.Bench.Auth;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Bench.Webhooks;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// Authentication under attack, on the production silo with its co-hosted gateway (<see cref="OmniopsHost"/>, on
/// PostgreSQL, production webhook limits) over loopback HTTP. Part 1, bad keys: one tenant created through the
/// operator API reads <c>GET /v1/tenant</c> with its admin key from a few closed-loop connections (from 127.0.0.1),
/// first alone, then beside 16 and 64 flood connections (from 127.0.0.2) presenting well-formed keys of the same
/// tenant that it never issued, as fast as the gateway answers; each round runs the three phases in that order.
/// Part 2, unknown tenants: the process's memory and the cluster's grain activations, after a quiet period and a
/// forced full GC, before and after a flood of keys and webhooks for random tenant ids from 127.0.0.2–127.0.0.9.
/// </summary>
public sealed class AuthFloodBenchmark(BenchOptions options, PostgresServer server)
{
    private const double TargetShare = 0.5;
    private const double TargetP99Milliseconds = 10;
    private const double TargetMemoryMegabytes = 50;
    private const int FloodAddresses = 8;
    private const int ConnectionsPerFloodAddress = 8;
    private static readonly int[] FloodSizes = [0, 16, 64];
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FirstWarmUp = TimeSpan.FromSeconds(8);

    /// <summary>Between phases: work the previous phase left queued drains before the next one starts.</summary>
    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(2);

    /// <summary>Before each memory reading: in-flight work settles (the readings themselves force a full GC).</summary>
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);

    /// <returns>The worst share of the cores other processes took during a measured phase or the flood.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        var window = options.Given.Contains("--seconds") ? options.Window : TimeSpan.FromSeconds(10);
        var rounds = options.Given.Contains("--rounds") ? options.Rounds : 2;
        var callers = options.Given.Contains("--concurrency") ? options.Concurrency : 4;
        var flood = TimeSpan.FromSeconds(options.FloodSeconds);
        await output.WriteLineAsync($"## auth: legitimate traffic beside a bad-key flood; memory after an unknown-tenant flood " +
            $"({callers} legitimate connections; flood {string.Join(" and ", FloodSizes.Where(s => s > 0))} connections; {rounds} round{(rounds == 1 ? "" : "s")} × " +
            $"{FloodSizes.Length} phases × {window.TotalSeconds:0} s, each after {WarmUp.TotalSeconds:0} s warm-up, {FirstWarmUp.TotalSeconds:0} s before the first; " +
            $"unknown-tenant flood {flood.TotalSeconds:0} s from {FloodAddresses} addresses × {ConnectionsPerFloodAddress} connections)");
        await output.WriteLineAsync();

        var (database, owner, _) = await server.CreateDatabaseAsync("auth_omniops");
        await using var host = await OmniopsHost.StartAsync(database, owner, "auth", productionWebhookLimits: true);
        Progress.Report($"auth: omniops silo + gateway listening on {host.Address}");
        using var legitimateClient = LoopbackClient.Create(LoopbackClient.Address(1), callers);
        var (tenantId, adminKey) = await host.CreateTenantAsync(legitimateClient);
        var legitimate = new LegitimateLoad(legitimateClient, host.Address, adminKey, callers);
        await CheckAsync(output, host, legitimate, tenantId);

        var report = new AuthReport(TargetShare, TargetP99Milliseconds, TargetMemoryMegabytes);
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var connections in FloodSizes)
            {
                var warmUp = round == 1 && connections == FloodSizes[0] ? FirstWarmUp : WarmUp;
                report.Add(await RunPhaseAsync(host, legitimate, tenantId, round, connections, warmUp, window));
                await Task.Delay(Pause);
            }
        }

        await output.WriteLineAsync("### bad keys for one tenant, beside its legitimate traffic");
        await output.WriteLineAsync();
        await output.WriteLineAsync(report.PhaseTable());
        await output.WriteLineAsync(report.Verdict());

        await Task.Delay(QuietPeriod);
        var memoryBefore = ProcessMemory.Measure();
        var activationsBefore = await GrainActivations.CountAsync(host.Grains);
        Progress.Report($"auth: before the unknown-tenant flood: GC heap {memoryBefore.GcHeapBytes / 1048576.0:F1} MB, working set {memoryBefore.WorkingSetBytes / 1048576.0:F1} MB, {activationsBefore.Total} activations");
        var (unknown, otherLoad) = await FloodUnknownTenantsAsync(host, flood);
        report.AddOtherLoad(otherLoad);
        await Task.Delay(QuietPeriod);
        var memoryAfter = ProcessMemory.Measure();
        var activationsAfter = await GrainActivations.CountAsync(host.Grains);
        Progress.Report($"auth: after: GC heap {memoryAfter.GcHeapBytes / 1048576.0:F1} MB, working set {memoryAfter.WorkingSetBytes / 1048576.0:F1} MB, {activationsAfter.Total} activations");

        await output.WriteLineAsync($"### unknown tenants: {flood.TotalSeconds:0} s flood, memory and activations after a {QuietPeriod.TotalSeconds:0} s quiet period");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"The flood: {Format.Count(unknown.Requests)} requests in {Format.Seconds(unknown.Elapsed)} s ({Format.Rate(unknown.PerSecond)}/s), " +
            $"alternately `GET /v1/tenant` with `omk.{{random tenant}}.{{random key id}}.{{43 random chars}}` and `POST /webhooks/{{random tenant}}/generic` " +
            $"with a random signature, from 127.0.0.2–127.0.0.{FloodAddresses + 1} ({FloodAddresses * ConnectionsPerFloodAddress} connections); answers: {unknown.Describe()}; " +
            $"other load during the flood: {Format.Load(otherLoad)}.");
        await output.WriteLineAsync();
        await output.WriteLineAsync(report.MemoryTable(memoryBefore, memoryAfter));
        await output.WriteLineAsync(AuthReport.ActivationsTable(activationsBefore, activationsAfter));
        return report.WorstOtherLoad;
    }

    /// <summary>Before the load: the admin key reads the tenant, a wrong key of the tenant and a key of an unknown tenant do not.</summary>
    private static async Task CheckAsync(TextWriter output, OmniopsHost host, LegitimateLoad legitimate, string tenantId)
    {
        var (ok, outcome) = await legitimate.ProbeAsync();
        Progress.Report($"auth: admin key read the tenant: {outcome}");
        if (!ok)
        {
            throw new InvalidOperationException($"GET /v1/tenant with the tenant's admin key answered {outcome}.");
        }

        using var floodClient = LoopbackClient.Create(LoopbackClient.Address(2), 1);
        var random = new Random(0);
        var wrong = await StatusAsync(floodClient, FloodRequests.WrongKey(host.Address, tenantId, random));
        var unknown = await StatusAsync(floodClient, FloodRequests.UnknownTenantKey(host.Address, random));
        var webhook = await StatusAsync(floodClient, FloodRequests.UnknownTenantWebhook(host.Address, random));
        if (wrong is >= 200 and < 300 || unknown is >= 200 and < 300 || webhook is >= 200 and < 300)
        {
            throw new InvalidOperationException($"A forged credential was accepted: wrong key {wrong}, unknown tenant's key {unknown}, unknown tenant's webhook {webhook}.");
        }

        await output.WriteLineAsync($"Checks before the load: the admin key reads the tenant (200); from 127.0.0.2 a wrong key of the tenant answered {wrong}, " +
            $"a key of an unknown tenant {unknown}, a webhook to an unknown tenant {webhook}.");
        await output.WriteLineAsync();
    }

    private static async Task<int> StatusAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            return (int)response.StatusCode;
        }
    }

    private static async Task<AuthPhaseResult> RunPhaseAsync(OmniopsHost host, LegitimateLoad legitimate, string tenantId, int round, int connections,
        TimeSpan warmUp, TimeSpan window)
    {
        var probe = new CpuProbe();
        var started = Stopwatch.GetTimestamp();
        using var floodClient = LoopbackClient.Create(LoopbackClient.Address(2), Math.Max(1, connections));
        using var stopFlood = new CancellationTokenSource();
        var floodTask = connections == 0
            ? Task.FromResult(FloodResult.None)
            : new FloodLoad([floodClient], connections, (random, _) => FloodRequests.WrongKey(host.Address, tenantId, random))
                .RunAsync(warmUp + window + TimeSpan.FromSeconds(30), stopFlood.Token);
        var result = await legitimate.RunAsync(warmUp, window);
        await stopFlood.CancelAsync();
        var flooded = await floodTask;
        var busy = probe.MachineMicroseconds / (Stopwatch.GetElapsedTime(started).TotalMicroseconds * Environment.ProcessorCount) * 100;
        var phase = new AuthPhaseResult(round, connections, result, flooded, busy, probe.OtherLoadPercent());
        Progress.Report($"auth round {round}, flood {connections}: legit {Format.Rate(result.PerSecond)} req/s, p50 {Format.Milliseconds(result.P50Milliseconds)} ms, " +
            $"p99 {Format.Milliseconds(result.P99Milliseconds)} ms, errors {Format.Count(result.Errors)}; flood {Format.Rate(flooded.PerSecond)} req/s: {flooded.Describe()}");
        return phase;
    }

    private static async Task<(FloodResult Flood, double OtherLoad)> FloodUnknownTenantsAsync(OmniopsHost host, TimeSpan duration)
    {
        var clients = Enumerable.Range(2, FloodAddresses).Select(n => LoopbackClient.Create(LoopbackClient.Address(n), ConnectionsPerFloodAddress)).ToList();
        try
        {
            var probe = new CpuProbe();
            Progress.Report($"auth: unknown-tenant flood for {duration.TotalSeconds:0} s");
            var flood = await new FloodLoad(clients, ConnectionsPerFloodAddress, (random, n) => n % 2 == 0
                    ? FloodRequests.UnknownTenantKey(host.Address, random)
                    : FloodRequests.UnknownTenantWebhook(host.Address, random))
                .RunAsync(duration);
            Progress.Report($"auth: unknown-tenant flood: {Format.Rate(flood.PerSecond)} req/s: {flood.Describe()}");
            return (flood, probe.OtherLoadPercent());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
