using System.Text;
using System.Text.Json;
using Omniops.Actors.Client.Channels;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces.Catalogue;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Errors;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Omniops.Actors.Fuzz;

/// <summary>
/// The fuzz targets, one per platform parser. Each feeds raw bytes through the parsing and the content checks that its
/// adapter applies to a signed body before the delivery reaches a grain that stores it. The documented rejections,
/// which the adapter answers with 400, return normally: <see cref="JsonException"/>, <see cref="FormatException"/>
/// (including <see cref="TopicMismatchException"/>), <see cref="RequestValidationException"/>, and a generic body that
/// is not a message. Any other exception escapes and is a crash, because the gateway would answer it with 500. A target
/// returns true when the input would be delivered, and false when it is rejected.
/// </summary>
public static class PlatformTargets
{
    /// <summary>The <c>X-Shopify-Webhook-Id</c> of every Shopify input (the header is checked before the body is read).</summary>
    public const string DeliveryId = "fuzz-delivery";

    /// <summary>
    /// The generic body is read with the gateway's JSON dialect, set up the way the gateway sets it up. Lazily: under
    /// AFL, instrumented code (System.Text.Json too, see scripts/fuzz.sh) must not run before SharpFuzz maps AFL's
    /// coverage memory, which happens when the fuzzing loop starts.
    /// </summary>
    private static readonly Lazy<JsonSerializerOptions> GatewayOptions = new(CreateGatewayOptions);

    public static IReadOnlyDictionary<string, Func<byte[], bool>> All { get; } = new Dictionary<string, Func<byte[], bool>>(StringComparer.Ordinal)
    {
        ["generic"] = Generic,
        ["whatsapp"] = WhatsApp,
        ["shopify"] = Shopify,
    };

    /// <summary><c>POST /webhooks/{tenant}/generic</c> with <c>Content-Type: application/json</c>: the body, then the inbox grain's rules.</summary>
    public static bool Generic(byte[] body) =>
        GenericWebhookEndpoint.ReadMessage(body, isJson: true, GatewayOptions.Value) is { } message && Passes(() => InboundRules.Validate(message));

    /// <summary><c>POST /webhooks/{tenant}/whatsapp</c>: the notification, then every update's rules.</summary>
    public static bool WhatsApp(byte[] body)
    {
        WhatsAppDelivery delivery;
        try
        {
            delivery = WhatsAppNotification.Parse(body);
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return false;
        }

        return Passes(() => WhatsAppWebhookEndpoint.ValidateAll(delivery.Updates));
    }

    /// <summary>
    /// <c>POST /webhooks/{tenant}/shopify</c>. The input is the <c>X-Shopify-Topic</c> value, a newline, and then
    /// the body (<see cref="ShopifyInput"/>). A topic that the adapter does not support is refused before the body is read.
    /// </summary>
    public static bool Shopify(byte[] input)
    {
        var newline = Array.IndexOf(input, (byte)'\n');
        if (newline < 0)
        {
            return false;
        }

        var topic = Encoding.Latin1.GetString(input, 0, newline);
        var body = input[(newline + 1)..];
        try
        {
            if (ShopifyPayloads.IsOrderTopic(topic))
            {
                InboundRules.Validate(ShopifyPayloads.ReadOrderEvent(topic, DeliveryId, body));
                return true;
            }
            else if (ShopifyPayloads.IsProductTopic(topic))
            {
                CatalogueRules.Validate(ShopifyPayloads.ReadProductEvent(topic, DeliveryId, body));
                return true;
            }
            else if (ShopifyPayloads.IsComplianceTopic(topic))
            {
                InboundRules.Validate(ShopifyPayloads.ReadComplianceRequest(topic, DeliveryId, body));
                return true;
            }

            return false;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or RequestValidationException)
        {
            // The adapter answers 400 (malformed, topic-mismatch or invalid-content).
            return false;
        }
    }

    /// <summary>A Shopify fuzz input: the topic, a newline, the body.</summary>
    public static byte[] ShopifyInput(string topic, byte[] body) => [.. Encoding.ASCII.GetBytes(topic + "\n"), .. body];

    private static bool Passes(Action check)
    {
        try
        {
            check();
            return true;
        }
        catch (RequestValidationException)
        {
            // The adapter answers 400 invalid-content.
            return false;
        }
    }

    private static JsonSerializerOptions CreateGatewayOptions()
    {
        var options = new HttpJsonOptions().SerializerOptions;
        GatewayJson.Apply(options);
        return options;
    }
}
