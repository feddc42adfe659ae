using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Client.Channels;

/// <summary>The webhook adapters. Anonymous to ASP.NET Core: each authenticates its sender by the delivery's signature (<see cref="WebhookIntake"/>).</summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapGroup("/webhooks/{tenantId}").AllowAnonymous().WithMetadata(SignedDeliveryEndpoint.Instance);
        webhooks.MapPost("/generic", GenericWebhookEndpoint.HandleAsync);
        webhooks.MapGet("/whatsapp", WhatsAppWebhookEndpoint.ChallengeAsync);
        webhooks.MapPost("/whatsapp", WhatsAppWebhookEndpoint.NotifyAsync);
        webhooks.MapPost("/shopify", ShopifyWebhookEndpoint.HandleAsync);
        return routes;
    }
}
