using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Logging;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>The production gateway pipeline on a real Kestrel listener (loopback, free port) over a cluster client.</summary>
public static class GatewayHost
{
    /// <summary>
    /// Starts a gateway; <paramref name="configure"/> may register services first (a fake clock), <paramref name="map"/>
    /// may map endpoints beside the production ones, <paramref name="services"/> may replace services after the
    /// gateway's own are registered.
    /// </summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(IClusterClient client, IReadOnlyDictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration[LoggingHostBuilderExtensions.FileKey] = OmniopsTestCluster.LogFileOf(settings, "gateway");
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddOmniopsLogging();
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<IGrainFactory>(client);
        configure?.Invoke(builder);
        builder.AddOmniopsGateway();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapOmniopsGateway();
        map?.Invoke(app);
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()));
    }

    /// <summary>
    /// Stops the gateway (its hosted services finish: queued audit events are written) before disposing it; disposing
    /// alone would leave them running against the shared cluster.
    /// </summary>
    public static IAsyncDisposable Stopping(this WebApplication app) => new StopThenDispose(app);

    private sealed class StopThenDispose(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
