using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Omniops.Actors.Client.Channels;

/// <summary>The webhook adapters (DESIGN §5). They authenticate by signature, not by API key, so they carry no key requirement.</summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/webhooks/{tenantId}/generic", GenericWebhookEndpoint.HandleAsync);
        routes.MapGet("/webhooks/{tenantId}/whatsapp", WhatsAppWebhookEndpoint.ChallengeAsync);
        routes.MapPost("/webhooks/{tenantId}/whatsapp", WhatsAppWebhookEndpoint.NotifyAsync);
        routes.MapPost("/webhooks/{tenantId}/shopify", ShopifyWebhookEndpoint.HandleAsync);
        return routes;
    }
}
