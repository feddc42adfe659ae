using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Bench.Webhooks;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// Signed generic webhooks over loopback HTTP at <c>--concurrency</c> closed-loop senders, each acknowledged only once
/// durable in PostgreSQL (synchronous_commit on, asserted): the production silo with its co-hosted gateway
/// (<see cref="OmniopsHost"/>) beside two variants of a minimal ASP.NET Core + Npgsql endpoint doing the same
/// verification and the dedupe + message insert in one transaction (<see cref="BaselineServer"/>, <see cref="BaselineWriteMode"/>):
/// <c>baseline</c> writes both inserts as one data-modifying CTE in autocommit (one statement, one round trip: the
/// strongest form); <c>baseline-tx</c> is the literal reading, an explicit transaction per request with the dedupe
/// insert, the message insert if the delivery was new, and COMMIT, each its own command (three round trips). Every
/// system has its own fresh database of the same server and its own tenant and secret. Each round runs baseline,
/// baseline-tx, omniops; Omniops's ratio is that of the medians, against each baseline.
/// </summary>
public sealed class WebhookIngestBenchmark(BenchOptions options, PostgresServer server)
{
    private const double TargetRatio = 1.5;
    private const double TargetP99Milliseconds = 50;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(3);

    /// <summary>The first run of each system warms up longer: tiered JIT of Kestrel, HttpClient and the server's own path.</summary>
    private static readonly TimeSpan FirstWarmUp = TimeSpan.FromSeconds(8);

    /// <summary>The baselines in run order: system name (its database is <c>webhooks_{name}</c>), write mode, how the verdict calls it, run id prefix.</summary>
    private static readonly (string System, BaselineWriteMode Mode, string Description, string Run)[] Baselines =
    [
        ("baseline", BaselineWriteMode.SingleStatement, "single-statement", "b"),
        ("baseline-tx", BaselineWriteMode.ExplicitTransaction, "explicit-transaction", "t"),
    ];

    /// <returns>The worst share of the cores other processes took during a measured run.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        var window = options.Given.Contains("--seconds") ? options.Window : TimeSpan.FromSeconds(15);
        var rounds = options.Given.Contains("--rounds") ? options.Rounds : 2;
        var senders = options.Concurrency;
        await output.WriteLineAsync($"## webhooks: signed generic webhooks over loopback HTTP, durable in PostgreSQL " +
            $"({senders} senders, {rounds} round{(rounds == 1 ? "" : "s")} × {window.TotalSeconds:0} s per system, each after {WarmUp.TotalSeconds:0} s warm-up, {FirstWarmUp.TotalSeconds:0} s before a system's first)");
        await output.WriteLineAsync();

        var baselineDatabases = new List<string>();
        foreach (var baseline in Baselines)
        {
            baselineDatabases.Add((await server.CreateDatabaseAsync("webhooks_" + baseline.System.Replace('-', '_'))).Owner);
        }

        var (omniopsDatabase, omniopsOwner, _) = await server.CreateDatabaseAsync("webhooks_omniops");
        var settings = new List<string>();
        foreach (var (baseline, database) in Baselines.Zip(baselineDatabases))
        {
            settings.Add($"{baseline.System} {await RequireSynchronousCommitAsync(database)}");
        }

        await output.WriteLineAsync($"synchronous_commit as the systems' own database roles see it: {string.Join(", ", settings)}, " +
            $"omniops {await RequireSynchronousCommitAsync(omniopsDatabase)}.");
        await output.WriteLineAsync();

        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(64, senders),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var load = new WebhookLoad(http, senders);
        var baselines = new List<(BaselineServer Server, WebhookTarget Target)>();
        try
        {
            foreach (var (baseline, database) in Baselines.Zip(baselineDatabases))
            {
                baselines.Add(await StartBaselineAsync(baseline.System, baseline.Mode, database, senders));
            }

            return await CompareAsync(output, baselines, omniopsDatabase, omniopsOwner, http, load, window, rounds);
        }
        finally
        {
            foreach (var (baseline, _) in baselines)
            {
                await baseline.DisposeAsync();
            }
        }
    }

    private static async Task<double> CompareAsync(TextWriter output, List<(BaselineServer Server, WebhookTarget Target)> baselines, string omniopsDatabase, string omniopsOwner,
        HttpClient http, WebhookLoad load, TimeSpan window, int rounds)
    {
        await using var omniops = await OmniopsHost.StartAsync(omniopsDatabase, omniopsOwner);
        Progress.Report($"webhooks: omniops silo + gateway listening on {omniops.Address}");
        var (omniopsTarget, omniopsProblem) = await ProvisionAndProbeAsync(omniops, http, load);
        foreach (var (_, target) in baselines)
        {
            var (accepts, outcome) = await load.ProbeAsync(target, "probe-" + target.System);
            if (!accepts || await AcceptsForgeryAsync(load, target) is not null)
            {
                throw new InvalidOperationException($"The {target.System} refused a correctly signed webhook or took a forged one: {outcome}");
            }
        }

        if (omniopsTarget is not null && await AcceptsForgeryAsync(load, omniopsTarget) is { } forgery)
        {
            (omniopsTarget, omniopsProblem) = (null, $"it ACCEPTED a webhook signed with a wrong secret ({forgery}): numbers without verification would not compare");
        }

        await output.WriteLineAsync($"Checks before the load: {string.Join(" and ", baselines.Select(b => b.Target.System))} each accept a correctly signed webhook " +
            $"and refuse one signed with a wrong secret; omniops: {(omniopsTarget is null ? "NOT MEASURED, see below" : "the same")}.");
        await output.WriteLineAsync();

        var report = new WebhookReport(TargetRatio, TargetP99Milliseconds, Baselines.Select(b => (b.System, b.Description)).ToList());
        for (var round = 1; round <= rounds; round++)
        {
            var warmUp = round == 1 ? FirstWarmUp : WarmUp;
            foreach (var ((_, target), run) in baselines.Zip(Baselines.Select(b => b.Run)))
            {
                report.Add(target.System, round, await MeasureAsync(load, target, $"{run}{round}", warmUp, window));
            }

            if (omniopsTarget is not null)
            {
                report.Add(omniopsTarget.System, round, await MeasureAsync(load, omniopsTarget, $"o{round}", warmUp, window));
            }
        }

        await output.WriteLineAsync(report.Table());
        await output.WriteLineAsync(report.Verdict(omniopsProblem));
        foreach (var (baseline, target) in baselines)
        {
            var (deliveries, messages) = await baseline.Store.CountAsync();
            await output.WriteLineAsync($"{target.System} stored {Format.Count(deliveries)} deliveries and {Format.Count(messages)} messages (warm-ups, probes and windows; " +
                $"every delivery its message: {(deliveries == messages ? "yes" : "NO")}).");
        }

        await output.WriteLineAsync();
        return report.WorstOtherLoad;
    }

    /// <summary>A baseline server of its own tenant and secret, started on its database.</summary>
    private static async Task<(BaselineServer Server, WebhookTarget Target)> StartBaselineAsync(string system, BaselineWriteMode mode, string database, int senders)
    {
        var tenant = GrainKeys.NewTenantId();
        var secret = Encoding.UTF8.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        var baseline = await BaselineServer.StartAsync(database, new Dictionary<string, byte[]> { [tenant] = secret }, senders, mode);
        Progress.Report($"webhooks: {system} listening on {baseline.Address}");
        return (baseline, new WebhookTarget(system, baseline.Address, tenant, secret));
    }

    /// <returns>The Omniops target, or null and why it cannot take the load (e.g. 404 while the endpoint does not exist).</returns>
    private static async Task<(WebhookTarget? Target, string? Problem)> ProvisionAndProbeAsync(OmniopsHost omniops, HttpClient http, WebhookLoad load)
    {
        WebhookTarget target;
        try
        {
            target = await omniops.ProvisionAsync(http);
        }
        catch (Exception exception) when (exception is InvalidOperationException or HttpRequestException)
        {
            return (null, "provisioning failed: " + exception.Message);
        }

        var (success, outcome) = await load.ProbeAsync(target, "probe-omniops");
        Progress.Report($"webhooks: omniops probe answered {outcome}");
        return success ? (target, null) : (null, $"a correctly signed webhook to {target.Endpoint.AbsolutePath.Replace(target.TenantId, "{tenantId}", StringComparison.Ordinal)} answered {outcome}");
    }

    /// <returns>Null when the system refuses a webhook signed with a wrong secret (as it must), else its answer.</returns>
    private static async Task<string?> AcceptsForgeryAsync(WebhookLoad load, WebhookTarget target)
    {
        var (accepted, outcome) = await load.ProbeAsync(target with { Secret = RandomNumberGenerator.GetBytes(32) }, "probe-forged-" + target.System);
        Progress.Report($"webhooks: {target.System} answered a forged signature with {outcome}");
        return accepted ? outcome : null;
    }

    private static async Task<WebhookLoadResult> MeasureAsync(WebhookLoad load, WebhookTarget target, string run, TimeSpan warmUp, TimeSpan window)
    {
        var result = await load.RunAsync(target, run, warmUp, window);
        Progress.Report($"webhooks {run}, {target.System}: {Format.Rate(result.PerSecond)} msg/s, p50 {Format.Milliseconds(result.P50Milliseconds)} ms, " +
            $"p99 {Format.Milliseconds(result.P99Milliseconds)} ms, errors {Format.Count(result.Errors)}");
        return result;
    }

    private static async Task<string> RequireSynchronousCommitAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW synchronous_commit", connection);
        var value = (string)(await command.ExecuteScalarAsync())!;
        return value == "on" ? value : throw new InvalidOperationException($"synchronous_commit is '{value}', not 'on': the benchmark would not measure durable acknowledgements.");
    }
}
