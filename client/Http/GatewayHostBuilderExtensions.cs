using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Actions;
using Omniops.Actors.Client.Ai;
using Omniops.Actors.Client.Audit;
using Omniops.Actors.Client.Channels;
using Omniops.Actors.Client.Cluster;
using Omniops.Actors.Client.Conversations;
using Omniops.Actors.Client.Credentials;
using Omniops.Actors.Client.Customers;
using Omniops.Actors.Client.Health;
using Omniops.Actors.Client.Incidents;
using Omniops.Actors.Client.Keys;
using Omniops.Actors.Client.Metrics;
using Omniops.Actors.Client.Members;
using Omniops.Actors.Client.Orders;
using Omniops.Actors.Client.Privacy;
using Omniops.Actors.Client.Security;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Client.Transparency;
using Omniops.Actors.Client.Web;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Client.Http;

public static class GatewayHostBuilderExtensions
{
    /// <summary>The gateway address when <c>ASPNETCORE_URLS</c> is not set.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// The HTTP API's services: options (validated at start), the operator key, body limits, the default address, and
    /// the TLS certificate for <c>https://</c> addresses when <c>Omniops__Tls__Certificate</c> is set.
    /// </summary>
    public static WebApplicationBuilder AddOmniopsGateway(this WebApplicationBuilder builder)
    {
        OmniopsDeployment.For(builder.Services, builder.Configuration);
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        builder.Services.AddOptions<WebhookOptions>()
            .Bind(builder.Configuration.GetSection(WebhookOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOmniopsGatewaySecurity();
        builder.Services.AddSingleton<WebhookRateLimiter>();
        builder.Services.AddSingleton<WebhookIntake>();
        builder.Services.AddSingleton<ReceiptKeyCache>();
        builder.Services.AddOmniopsTransparency(builder.Configuration);
        builder.AddOmniopsHttpConventions();
        builder.Services.AddOmniopsHealthChecks();
        builder.Services.AddOmniopsMetrics();
        builder.Services.AddOmniopsOpenApi();
        builder.Services.AddOmniopsMerchantWeb();
        // Read here rather than through IOptions: Kestrel is built before options validation runs at start.
        var bodyLimit = builder.Configuration.GetSection(GatewayOptions.Section).GetValue(nameof(GatewayOptions.MaxRequestBodyBytes), new GatewayOptions().MaxRequestBodyBytes);
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = bodyLimit;
            RequestLimitsMiddleware.ConfigureKestrel(kestrel.Limits);
        });
        if (TlsSettings.From(builder.Configuration) is { } tls)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = tls.Certificate));
        }

        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        return builder;
    }

    /// <summary>The HTTP pipeline: problem documents for every error, authentication, then the routes of DESIGN §5.</summary>
    public static WebApplication MapOmniopsGateway(this WebApplication app)
    {
        // Resolved once the host has started (after options validation), so the embedded node prints its key then.
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<OperatorKey>());
        // Problem documents for everything after: exceptions (GatewayExceptionHandler) and bodiless error statuses.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // The documented request-target and header limits, answered with problem documents.
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseMiddleware<DeclaredBodyLimitMiddleware>();
        app.UseRouting();
        app.UseMiddleware<ListenerSeparationMiddleware>();
        app.UseOmniopsGatewaySecurity();
        app.UseOmniopsMerchantWeb();
        app.MapHealthEndpoints();
        app.MapTenantEndpoints();
        app.MapAuditEndpoints();
        app.MapCredentialEndpoints();
        app.MapConversationEndpoints();
        app.MapCustomerEndpoints();
        app.MapOrderEndpoints();
        app.MapActionEndpoints();
        app.MapWebhookEndpoints();
        app.MapKeyEndpoints();
        app.MapPrivacyEndpoints();
        app.MapPrivacyLinkEndpoints();
        app.MapTransparencyEndpoints();
        app.MapIncidentEndpoints();
        app.MapTenantDeletionEndpoints();
        app.MapMetricsEndpoint();
        app.MapMemberEndpoints();
        app.MapAiEndpoints();
        app.MapOmniopsOpenApi();
        app.MapOmniopsMerchantWeb();
        return app;
    }
}
