using Microsoft.AspNetCore.Hosting;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Orleans.Dashboard;

namespace Omniops.Actors.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard for operators: served only on its own listener (<c>Omniops__Dashboard__Url</c>, default
/// <c>http://127.0.0.1:{DashboardPort}</c>, loopback; the port the connection arrived on decides, not the Host header)
/// and only to a caller presenting the operator key, as HTTP Basic (any user name, the key as password: browsers prompt
/// for it) or as a Bearer token. Its Log Stream is
/// switched off: logs flow only through the redacting Serilog pipeline. Its grain-state view calls grain methods
/// without any caller context, so the isolation filter refuses every Omniops grain it tries.
/// </summary>
public static class DashboardExtensions
{
    public const string UrlKey = "Omniops:Dashboard:Url";

    public static WebApplicationBuilder AddOmniopsDashboard(this WebApplicationBuilder builder)
    {
        var gatewayUrls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) ?? GatewayHostBuilderExtensions.DefaultUrl;
        builder.WebHost.UseUrls($"{gatewayUrls};{DashboardUrl(builder.Configuration)}");
        builder.Services.AddSingleton(new ListenerBinding(DashboardPort(builder.Configuration)));
        return builder;
    }

    /// <summary>The dashboard grains; its live log trace is switched off (logs go only through the redacting pipeline).</summary>
    public static ISiloBuilder AddOmniopsDashboard(this ISiloBuilder builder) => builder.AddDashboard(o => o.HideTrace = true);

    /// <summary>The dashboard's routes: only on its own listener, only for the operator (<see cref="Policies.Dashboard"/>).</summary>
    public static WebApplication MapOmniopsDashboard(this WebApplication app)
    {
        app.MapOrleansDashboard()
            .WithMetadata(app.Services.GetRequiredService<ListenerBinding>())
            .RequireAuthorization(Policies.Dashboard);
        return app;
    }

    private static int DashboardPort(IConfiguration configuration) =>
        new Uri(DashboardUrl(configuration).Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port;

    private static string DashboardUrl(IConfiguration configuration) =>
        configuration[UrlKey] ?? $"http://127.0.0.1:{ClusterSettings.From(configuration).DashboardPort}";
}
