using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Faults;

/// <summary>
/// Three real silo processes and the standalone gateway on loopback, on a fresh database of a PostgreSQL server of
/// this fault run's own (so a test may restart it), with Orleans' failure detection shortened: a probe every
/// <see cref="ProbeTimeout"/>, a silo declared dead after <see cref="MissedProbes"/> missed probes. The benchmarks'
/// <c>scale</c> and <c>soak</c> start the same cluster (this file is linked into bench/Omniops.Actors.Bench).
/// </summary>
public sealed class FaultCluster : IAsyncDisposable
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    public const int MissedProbes = 3;

    /// <summary>
    /// How long a grain call waits for its answer. A request the gateway had sent through its connection to the silo
    /// that died is not failed when that connection breaks: it waits this long (Orleans' default, 30 s, held all 64
    /// senders for 10.6 s with 10 s here when the tenant's channel inbox lived on the killed silo). Set to the
    /// failure-detection time, such a request comes back as a 503 about when the survivors have taken over.
    /// </summary>
    public static readonly TimeSpan ResponseTimeout = FailureDetection;

    /// <summary>The configured failure-detection time: missed probes × probe timeout.</summary>
    public static TimeSpan FailureDetection => ProbeTimeout * MissedProbes;

    private readonly Dictionary<string, string?> _silo;
    private readonly List<StartedHost> _silos;

    private FaultCluster(FaultPostgres postgres, Dictionary<string, string?> settings, string superuser, Dictionary<string, string?> silo, StartedHost[] silos, StartedHost gateway)
    {
        Postgres = postgres;
        Settings = settings;
        Superuser = superuser;
        _silo = silo;
        _silos = [.. silos];
        Gateway = gateway;
    }

    public FaultPostgres Postgres { get; }

    public Dictionary<string, string?> Settings { get; }

    /// <summary>A superuser connection to this cluster's database.</summary>
    public string Superuser { get; }

    /// <summary>Every silo started, in order (killed ones included); silo <c>i</c>'s connections carry <see cref="ApplicationName"/>(i).</summary>
    public IReadOnlyList<StartedHost> Silos => _silos;

    public StartedHost Gateway { get; }

    public string OperatorKey => Settings["Omniops:OperatorKey"]!;

    /// <summary>The environment every silo and the gateway were started with.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _silo;

    /// <summary>Starts <paramref name="silos"/> silo processes (three unless told) and the standalone gateway on a fresh database.</summary>
    public static async Task<FaultCluster> StartAsync(FaultPostgres postgres, string name, IReadOnlyDictionary<string, string?>? extra = null, int silos = 3)
    {
        var (application, owner, superuser) = await PostgresTools.CreateDatabaseAsync(postgres.AdminConnectionString, name);
        var settings = OmniopsTestCluster.Settings(application, owner, name, "omniops-" + name, Path.Combine(Path.GetTempPath(), $"{name}-{Guid.NewGuid():N}.log"));
        var common = ProcessDeployment.Common(settings);
        common["Omniops__Cluster__Membership__ProbeTimeout"] = ProbeTimeout.ToString("c", CultureInfo.InvariantCulture);
        common["Omniops__Cluster__Membership__NumMissedProbesLimit"] = MissedProbes.ToString(CultureInfo.InvariantCulture);
        common["Omniops__Cluster__Gateway__GatewayListRefreshPeriod"] = "00:00:02";
        // A call caught in flight by a silo's death waits this long for its answer before it is a 503 (Orleans: 30 s).
        common["Omniops__Cluster__Messaging__ResponseTimeout"] = ResponseTimeout.ToString("c", CultureInfo.InvariantCulture);
        // The load is the point here, not the per-tenant webhook rate limit (100/s by default).
        common["Omniops__Webhooks__PermitsPerSecond"] = "100000";
        common["Omniops__Webhooks__Burst"] = "100000";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            common[key] = value;
        }

        // The first silo migrates the schema alone; the others join once it is up.
        var first = ProcessDeployment.StartSilo(Named(common, 0));
        await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        StartedHost[] started = [first, .. Enumerable.Range(1, silos - 1).Select(i => ProcessDeployment.StartSilo(Named(common, i)))];
        await Task.WhenAll(started.Skip(1).Select(s => s.WaitUntilReadyAsync(TimeSpan.FromSeconds(120))));
        var gateway = ProcessDeployment.StartGateway(common);
        await gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        return new FaultCluster(postgres, settings, superuser, common, started, gateway);
    }

    /// <summary>
    /// The <c>application_name</c> silo <paramref name="index"/>'s database connections carry (PostgreSQL's
    /// <c>pg_stat_activity</c>), so a test can tell which process runs a statement.
    /// </summary>
    public static string ApplicationName(int index) => "omniops-silo-" + index.ToString(CultureInfo.InvariantCulture);

    public HttpClient Http(TimeSpan? timeout = null) => new() { BaseAddress = Gateway.Url, Timeout = timeout ?? TimeSpan.FromSeconds(100) };

    /// <summary>Creates a tenant through the gateway and connects the generic channel with <paramref name="secret"/>.</summary>
    public async Task<TenantCreatedResponse> CreateTenantAsync(string name, string secret)
    {
        using var http = Http();
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/tenants") { Content = JsonContent.Create(new { name }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", OperatorKey);
        using var created = await http.SendAsync(create);
        created.EnsureSuccessStatusCode();
        var tenant = (await created.Content.ReadFromJsonAsync<TenantCreatedResponse>())!;
        using var connect = new HttpRequestMessage(HttpMethod.Put, "/v1/credentials/generic") { Content = JsonContent.Create(new { secret }) };
        connect.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AdminKey);
        using var connected = await http.SendAsync(connect);
        connected.EnsureSuccessStatusCode();
        return tenant;
    }

    /// <summary>The silos' and the gateway's captured output, for a failure message.</summary>
    public string Output() => string.Join("\n", Silos.Select((s, i) => $"--- silo {i}\n{Tail(s.Process.Output)}").Append($"--- gateway\n{Tail(Gateway.Process.Output)}"));

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Named(IReadOnlyDictionary<string, string?> common, int index) =>
        new(common) { ["ConnectionStrings__Omniops"] = $"{common["ConnectionStrings__Omniops"]};Application Name={ApplicationName(index)}" };

    private static string Tail(string output) => output.Length <= 6000 ? output : output[^6000..];
}
