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
    public static async Task<(WebApplication App, Uri Address)> StartAsync(IClusterClient client, IReadOnlyDictionary<string, string?> settings,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration[LoggingHostBuilderExtensions.FileKey] = OmniopsTestCluster.LogFileOf(settings, "gateway");
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddOmniopsLogging();
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<IGrainFactory>(client);
        builder.AddOmniopsGateway();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapOmniopsGateway();
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()));
    }
}
