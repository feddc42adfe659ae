using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Client.Channels;

/// <summary>The webhook adapters (DESIGN §5). They authenticate by signature, not by API key, so they carry no key requirement.</summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapGroup("/webhooks/{tenantId}").AllowAnonymous().WithMetadata(SignedDeliveryEndpoint.Instance);
        webhooks.MapPost("/generic", GenericWebhookEndpoint.HandleAsync)
            .WithName("GenericWebhook").WithSummary("A message in the generic signed format (X-Omniops-Timestamp, X-Omniops-Signature).")
            .DescribesJsonBody<GenericWebhookBody>()
            .Measured("generic");
        webhooks.MapGet("/whatsapp", WhatsAppWebhookEndpoint.ChallengeAsync)
            .WithName("WhatsAppSubscription").WithSummary("Meta's subscription challenge: echoes hub.challenge when hub.verify_token matches.");
        webhooks.MapPost("/whatsapp", WhatsAppWebhookEndpoint.NotifyAsync)
            .WithName("WhatsAppWebhook").WithSummary("A WhatsApp Cloud API notification signed with X-Hub-Signature-256.")
            .Measured("whatsapp");
        webhooks.MapPost("/shopify", ShopifyWebhookEndpoint.HandleAsync)
            .WithName("ShopifyWebhook").WithSummary("A Shopify order or privacy webhook signed with X-Shopify-Hmac-Sha256.")
            .Measured("shopify");
        return routes;
    }
}
