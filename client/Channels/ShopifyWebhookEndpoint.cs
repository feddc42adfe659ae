using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Credentials;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// <c>POST /webhooks/{tenantId}/shopify</c>: <c>X-Shopify-Hmac-Sha256</c> is the base64 HMAC-SHA256 of the raw body
/// under the app's client secret (credential <c>shopify</c>); <c>X-Shopify-Topic</c> names the topic;
/// <c>X-Shopify-Shop-Domain</c> must be the shop recorded with the credential (else 403 <c>foreign-account</c>);
/// <c>X-Shopify-Webhook-Id</c> identifies the delivery — Shopify retries for hours, and a redelivery is acknowledged
/// without being applied twice. Order topics update the order; product topics
/// (<c>products/create</c>, <c>products/update</c>) update the tenant's catalogue; the mandatory compliance topics are recorded durably
/// for the privacy workflow. Only the body is signed, so a compliance body must have its topic's shape (else 400
/// <c>topic-mismatch</c>), and a redact is the same request under any webhook id when its body is the same; a redact
/// may take effect only after the cooling-off window (<c>effectiveAt</c>). Any 2xx tells Shopify the delivery is
/// done, so 200 comes only after it is stored.
/// </summary>
public static class ShopifyWebhookEndpoint
{
    public const string SignatureHeader = "X-Shopify-Hmac-Sha256";
    public const string TopicHeader = "X-Shopify-Topic";
    public const string WebhookIdHeader = "X-Shopify-Webhook-Id";
    public const string ShopDomainHeader = "X-Shopify-Shop-Domain";

    public static async Task<Results<Ok<ShopifyOrderResponse>, Ok<ShopifyComplianceResponse>, Ok<ShopifyProductResponse>, ProblemHttpResult>> HandleAsync(
        string tenantId, HttpContext context, WebhookIntake intake, IGrainFactory grains)
    {
        const string channel = ChannelNames.Shopify;
        var (body, rejection) = await intake.ReadAsync(context, tenantId, channel);
        if (rejection is not null)
        {
            return rejection;
        }

        var signature = context.Request.Headers[SignatureHeader].ToString().Trim();
        if (await intake.VerifyAsync(context, tenantId, channel, channel, new SignatureCheck(SignatureAlgorithm.HmacSha256Base64, body!, signature)) is { } refused)
        {
            return refused;
        }

        // The shop the delivery is for must be the tenant's: an app's secret signs every shop's deliveries.
        var shop = context.Request.Headers[ShopDomainHeader].ToString();
        if (string.IsNullOrEmpty(shop) || shop.Length > 255)
        {
            return await intake.RejectAsync(tenantId, channel, "missing-shop-domain", Problems.BadRequest($"{ShopDomainHeader} is required (at most 255 characters)."));
        }

        if (await intake.BindAccountsAsync(tenantId, channel, [shop]) is { } foreign)
        {
            return foreign;
        }

        var topic = context.Request.Headers[TopicHeader].ToString();
        var deliveryId = context.Request.Headers[WebhookIdHeader].ToString();
        if (string.IsNullOrWhiteSpace(deliveryId) || deliveryId.Length > InboundRules.MaxDeliveryIdLength)
        {
            return await intake.RejectAsync(tenantId, channel, "missing-webhook-id", Problems.BadRequest($"{WebhookIdHeader} is required (at most {InboundRules.MaxDeliveryIdLength} characters)."));
        }

        if (!ShopifyPayloads.IsOrderTopic(topic) && !ShopifyPayloads.IsComplianceTopic(topic) && !ShopifyPayloads.IsProductTopic(topic))
        {
            return await intake.RejectAsync(tenantId, channel, "unsupported-topic", Problems.BadRequest(
                $"{TopicHeader} must be one of orders/create, orders/updated, refunds/create, products/create, products/update, customers/data_request, customers/redact, shop/redact."));
        }

        var inbox = grains.GetChannelInboxGrain(tenantId, channel);
        try
        {
            if (ShopifyPayloads.IsOrderTopic(topic))
            {
                var orderEvent = ShopifyPayloads.ReadOrderEvent(topic, deliveryId, body!);
                var (result, invalid) = await intake.DeliverAsync(tenantId, channel, () => inbox.ReceiveOrderEventAsync(orderEvent));
                return invalid is not null ? invalid : TypedResults.Ok(ShopifyOrderResponse.From(result!));
            }

            if (ShopifyPayloads.IsProductTopic(topic))
            {
                var productEvent = ShopifyPayloads.ReadProductEvent(topic, deliveryId, body!);
                var catalogue = grains.GetCatalogueGrain(tenantId);
                var (applied, notApplied) = await intake.DeliverAsync(tenantId, channel, () => catalogue.ApplyAsync(productEvent));
                return notApplied is not null ? notApplied : TypedResults.Ok(new ShopifyProductResponse(applied!.ProductId, applied.Duplicate, applied.Stale));
            }

            var request = ShopifyPayloads.ReadComplianceRequest(topic, deliveryId, body!);
            var (receipt, rejected) = await intake.DeliverAsync(tenantId, channel, () => inbox.ReceiveComplianceRequestAsync(request));
            return rejected is not null ? rejected : TypedResults.Ok(new ShopifyComplianceResponse(topic, receipt!.Duplicate, receipt.EffectiveAt));
        }
        catch (TopicMismatchException mismatch)
        {
            return await intake.RejectAsync(tenantId, channel, "topic-mismatch", Problems.BadRequest(mismatch.Message));
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return await intake.RejectAsync(tenantId, channel, "malformed", Problems.BadRequest(
                $"The body is not a Shopify {topic} payload: " + (exception is FormatException ? exception.Message : "invalid JSON.")));
        }
    }
}
