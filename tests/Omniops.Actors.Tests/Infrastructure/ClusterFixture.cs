using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces.Security;
using Orleans.TestingHost;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// One deployment shared by the tests of the <see cref="ClusterCollection"/>: a fresh database on the test
/// PostgreSQL, a two-silo cluster built from the production extensions, and the gateway on real HTTP.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private readonly Action<ISiloBuilder>? _configureSilo;
    private readonly short _silos;
    private WebApplication? _gateway;

    public ClusterFixture()
        : this(new Dictionary<string, string?>(), null)
    {
    }

    /// <summary>
    /// A deployment of its own, for a test that must change the configuration (short cooling-off and reminder periods)
    /// or kill a silo: <see cref="InitializeAsync"/> it in the test and dispose of it at the end.
    /// </summary>
    internal ClusterFixture(IReadOnlyDictionary<string, string?> overrides, Action<ISiloBuilder>? configureSilo, short silos = 2)
    {
        (_overrides, _configureSilo, _silos) = (overrides, configureSilo, silos);
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The gateway application's services (its endpoints, options), for tests that inspect what it serves.</summary>
    public IServiceProvider GatewayServices => _gateway?.Services ?? throw new InvalidOperationException("The gateway has not started.");

    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = null!;

    /// <summary>The runtime role's connection string (what the silos use): only the privileges the migrations grant.</summary>
    public string ApplicationConnectionString { get; private set; } = string.Empty;

    /// <summary>The schema owner's connection string (what the silos migrate with).</summary>
    public string OwnerConnectionString { get; private set; } = string.Empty;

    /// <summary>A superuser connection to the same database, for tampering on purpose.</summary>
    public string SuperuserConnectionString { get; private set; } = string.Empty;

    public string LogFile { get; } = Path.Combine(Path.GetTempPath(), $"omniops-tests-{Guid.NewGuid():N}.log");

    public string OperatorKey => Settings["Omniops:OperatorKey"]!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Waits until the gateway has written every refusal it queued for the audit trail.</summary>
    public Task DrainRejectionAuditAsync() => GatewayServices.GetRequiredService<Omniops.Actors.Client.Security.RejectionAudit>().DrainAsync();

    public async Task InitializeAsync()
    {
        (ApplicationConnectionString, OwnerConnectionString, SuperuserConnectionString) = await PostgresServer.Instance.CreateDatabaseAsync("omniops");
        var settings = OmniopsTestCluster.Settings(ApplicationConnectionString, OwnerConnectionString, "c" + Guid.NewGuid().ToString("N")[..8], "omniops-tests", LogFile);
        foreach (var (key, value) in _overrides)
        {
            settings[key] = value;
        }

        Settings = settings;
        Cluster = OmniopsTestCluster.Build(Settings, _silos, _configureSilo);
        await Cluster.DeployAsync();
        Uri address;
        (_gateway, address) = await GatewayHost.StartAsync(Cluster.Client, Settings);
        Http = LargeBodies.Client(address);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await Cluster.DisposeAsync();
        if (ApplicationConnectionString.Length > 0)
        {
            await PostgresTools.ReleaseDatabaseAsync(PostgresServer.Instance.AdminConnectionString, ApplicationConnectionString, OwnerConnectionString, SuperuserConnectionString);
        }

        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileNameWithoutExtension(LogFile) + ".*.log"))
        {
            File.Delete(file);
        }
    }

    /// <summary>Creates a tenant through the operator API and returns its id and admin key.</summary>
    public async Task<TenantCreatedResponse> CreateTenantAsync(string name = "Shop")
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/tenants", OperatorKey, new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TenantCreatedResponse>())!;
    }

    /// <summary>Mints an agent key for the tenant whose admin key is given.</summary>
    public async Task<string> CreateKeyAsync(string adminKey, string role)
    {
        using var response = await SendAsync(HttpMethod.Post, "/v1/api-keys", adminKey, new { role, name = role + " key" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>())!.Key;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body);
        }

        return Http.SendAsync(request);
    }

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Runs <paramref name="action"/> as <paramref name="caller"/> against the cluster's grains.</summary>
    public static Task<T> AsAsync<T>(CallerContext caller, Func<Task<T>> action) => CallerContext.RunAsAsync(caller, action);
}
