using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Orleans.Dashboard;

namespace Omniops.Actors.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard for operators: served only on its own listener (<c>Omniops__Dashboard__Url</c>, default
/// <c>http://127.0.0.1:{DashboardPort}</c>, loopback) and only to a caller presenting the operator key, as HTTP
/// Basic (any user name, the key as password: browsers prompt for it) or as a Bearer token. Its Log Stream is
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
        return builder;
    }

    /// <summary>The dashboard grains; its live log trace is switched off (logs go only through the redacting pipeline).</summary>
    public static ISiloBuilder AddOmniopsDashboard(this ISiloBuilder builder) => builder.AddDashboard(o => o.HideTrace = true);

    public static WebApplication MapOmniopsDashboard(this WebApplication app)
    {
        var port = new Uri(DashboardUrl(app.Configuration).Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal)).Port;
        var operatorKey = app.Services.GetRequiredService<OperatorKey>();
        app.MapOrleansDashboard()
            .RequireHost($"*:{port}")
            .AddEndpointFilter(async (context, next) =>
            {
                if (IsOperator(context.HttpContext.Request, operatorKey))
                {
                    return await next(context);
                }

                context.HttpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"Omniops operators\", charset=\"UTF-8\"";
                return Problems.Unauthorized();
            });
        return app;
    }

    private static string DashboardUrl(IConfiguration configuration) =>
        configuration[UrlKey] ?? $"http://127.0.0.1:{ClusterSettings.From(configuration).DashboardPort}";

    private static bool IsOperator(HttpRequest request, OperatorKey operatorKey)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) || header.Parameter is null)
        {
            return false;
        }

        if (string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return operatorKey.Matches(header.Parameter);
        }

        if (!string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon >= 0 && operatorKey.Matches(decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
