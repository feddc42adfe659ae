using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// The dashboard's one stylesheet, embedded in this assembly (so the standalone gateway and the embedded node serve it
/// alike, without a static-web-assets manifest) at a path carrying its hash, cached for a year. The pages load no script.
/// </summary>
public static class DashboardAssets
{
    private static readonly byte[] Style = Load();

    public static string StylePath { get; } = "/assets/dashboard." + Convert.ToHexStringLower(SHA256.HashData(Style))[..12] + ".css";

    public static IEndpointRouteBuilder MapDashboardAssets(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(StylePath, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Bytes(Style, "text/css; charset=utf-8");
        }).AllowAnonymous().ExcludeFromDescription();
        return routes;
    }

    private static byte[] Load()
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Omniops.Actors.Client.Web.dashboard.css")
            ?? throw new InvalidOperationException("The dashboard stylesheet is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
