using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Grains;
using Omniops.Actors.Silo.Hosting;
using Omniops.Actors.Tests.Infrastructure;
using Orleans.Configuration;

namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// The production silo with its co-hosted gateway, built exactly as <c>silo/Program.cs</c> builds it (the same
/// extensions in the same order), on PostgreSQL, every listener on a free loopback port (the silo's and Orleans
/// gateway's listeners too, which production binds to every interface). Two more differences, both outside the request
/// path: logging goes only to standard error at Warning (the report owns standard output), and — unless the caller
/// keeps the production limits — the webhook rate limit is raised so that it does not cap the benchmark.
/// </summary>
public sealed class OmniopsHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _operatorKey;

    private OmniopsHost(WebApplication app, Uri address, string operatorKey) => (_app, Address, _operatorKey) = (app, address, operatorKey);

    /// <summary>The gateway's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The co-hosted cluster client's grain factory (e.g. for <c>IManagementGrain</c>).</summary>
    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();

    /// <param name="connectionString">The silo's PostgreSQL database (its runtime role).</param>
    /// <param name="migrationConnectionString">The same database as its schema owner, which migrates.</param>
    /// <param name="name">The deployment's name (cluster and service ids).</param>
    /// <param name="productionWebhookLimits">Keep the production webhook rate limits instead of raising them out of the way.</param>
    /// <param name="configureSilo">Runs after the production silo extensions (the inbox benchmark counts the store's list reads).</param>
    public static async Task<OmniopsHost> StartAsync(string connectionString, string migrationConnectionString, string name = "webhooks", bool productionWebhookLimits = false,
        Action<ISiloBuilder>? configureSilo = null)
    {
        var settings = BenchCluster.Settings(connectionString, migrationConnectionString, name);
        var gatewayPort = PostgresTools.FreePort();
        settings["urls"] = $"http://127.0.0.1:{gatewayPort}";
        settings[DashboardExtensions.UrlKey] = $"http://127.0.0.1:{PostgresTools.FreePort()}";
        settings["Omniops:Cluster:SiloPort"] = PostgresTools.FreePort().ToString(CultureInfo.InvariantCulture);
        settings["Omniops:Cluster:GatewayPort"] = PostgresTools.FreePort().ToString(CultureInfo.InvariantCulture);
        settings["Omniops:Cluster:AdvertisedAddress"] = "127.0.0.1";
        if (!productionWebhookLimits)
        {
            settings["Omniops:Webhooks:PermitsPerSecond"] = "1000000";
            settings["Omniops:Webhooks:Burst"] = "1000000";
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders()
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo
                .AddOmniops()
                .UseOmniopsEndpoints()
                .UseOmniopsTls()
                .AddOmniopsDashboard()
                .Configure<EndpointOptions>(o =>
                {
                    o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Loopback, o.SiloPort);
                    o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Loopback, o.GatewayPort);
                });
            configureSilo?.Invoke(silo);
        });
        builder.AddOmniopsGateway();
        builder.AddOmniopsDashboard();

        var app = builder.Build();
        app.MapOmniopsGateway();
        app.MapOmniopsDashboard();
        await app.StartAsync();
        return new OmniopsHost(app, new Uri($"http://127.0.0.1:{gatewayPort}/"), settings["Omniops:OperatorKey"]!);
    }

    /// <summary>A tenant through the real API (<c>POST /v1/tenants</c>, operator key): its id and admin key.</summary>
    public async Task<(string TenantId, string AdminKey)> CreateTenantAsync(HttpClient http)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, "/v1/tenants"))
        {
            Content = JsonContent.Create(new { name = "Bench Shop" }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _operatorKey);
        using var created = await http.SendAsync(create);
        using var tenant = JsonDocument.Parse(await Require(created, "POST /v1/tenants"));
        return (tenant.RootElement.GetProperty("tenantId").GetString()!, tenant.RootElement.GetProperty("adminKey").GetString()!);
    }

    /// <summary>
    /// Through the real API: a tenant (<see cref="CreateTenantAsync"/>), then its generic webhook secret
    /// (<c>PUT /v1/credentials/generic</c>, the tenant's admin key).
    /// </summary>
    public async Task<WebhookTarget> ProvisionAsync(HttpClient http)
    {
        var (tenantId, adminKey) = await CreateTenantAsync(http);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        using var put = new HttpRequestMessage(HttpMethod.Put, new Uri(Address, "/v1/credentials/generic"))
        {
            Content = JsonContent.Create(new { secret }),
        };
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var stored = await http.SendAsync(put);
        await Require(stored, "PUT /v1/credentials/generic");
        return new WebhookTarget("omniops", Address, tenantId, Encoding.UTF8.GetBytes(secret));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<string> Require(HttpResponseMessage response, string call)
    {
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? body
            : throw new InvalidOperationException($"{call} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}");
    }
}
