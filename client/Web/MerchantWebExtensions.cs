using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Client.Web.Components;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// The merchant dashboard and the data subject's privacy page: Razor components rendered on the server (static SSR,
/// plain forms with antiforgery; no script), calling grains through the gateway's own Orleans client under the caller
/// the gateway derived from the session cookie or privacy link (<see cref="Security.CallerContextMiddleware"/>).
/// </summary>
public static class MerchantWebExtensions
{
    public static IServiceCollection AddOmniopsMerchantWeb(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddSingleton<DashboardSessions>();
        services.AddSingleton<DashboardAccess>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DashboardAuthorizationResultHandler>();
        services.AddAuthorization(DashboardPolicies.Configure);
        return services;
    }

    /// <summary>Antiforgery for the forms, the pages' headers, the stylesheet, then the pages (after the API's routes).</summary>
    public static WebApplication UseOmniopsMerchantWeb(this WebApplication app)
    {
        app.UseAntiforgery();
        app.UseMiddleware<ContentSecurityPolicy>();
        return app;
    }

    public static WebApplication MapOmniopsMerchantWeb(this WebApplication app)
    {
        app.MapDashboardAssets();
        app.MapDashboardForms();
        app.MapAuditCheckpointDownload();
        app.MapSubjectDownloads();
        app.MapRazorComponents<App>();
        FirstAdminInvitation.PrintWhenStarted(app);
        return app;
    }
}
