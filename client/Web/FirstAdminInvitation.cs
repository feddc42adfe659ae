using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// The embedded node's way into the dashboard: once started, it creates a workspace (as the operator) and prints a
/// one-time admin invitation link to the console (never the logger), like the operator key. Nothing is printed or
/// created by a deployment with PostgreSQL.
/// </summary>
public static class FirstAdminInvitation
{
    public const string Email = "admin@localhost";

    public static void PrintWhenStarted(WebApplication app)
    {
        if (!app.Services.GetRequiredService<OmniopsDeployment>().IsEmbedded)
        {
            return;
        }

        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            try
            {
                var grains = app.Services.GetRequiredService<IGrainFactory>();
                var tenantId = GrainKeys.NewTenantId();
                var created = await CallerContext.RunAsAsync(CallerContext.Operator("embedded-node"),
                    () => grains.GetTenantGrain(tenantId).CreateAsync(new TenantCreation("My shop", "eu")));
                var admin = new CallerContext(tenantId, created.AdminKey.KeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
                var invitation = await CallerContext.RunAsAsync(admin, () => grains.GetMembersGrain(tenantId).InviteAsync(Email, Roles.Admin));
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                    ?? Http.GatewayHostBuilderExtensions.DefaultUrl;
                Console.WriteLine($"""

                    ==== Omniops dashboard ====
                    Workspace {tenantId} created. Open this one-time link to set the first admin's password
                    ({Email}), then sign in: {address.TrimEnd('/')}/invitation?token={Uri.EscapeDataString(invitation.Token)}
                    ===========================

                    """);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Console.WriteLine("The first admin invitation could not be created: " + e.GetType().Name);
            }
        }));
    }
}
