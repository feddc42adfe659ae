namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>
/// The channels that deliver through webhooks, each the name of the integration whose credential verifies it
/// (<c>PUT /v1/credentials/{name}</c>): an adapter is active only while that credential exists.
/// </summary>
public static class ChannelNames
{
    /// <summary>The project's own signed format.</summary>
    public const string Generic = "generic";

    /// <summary>Meta WhatsApp Cloud API; the credential is the app secret.</summary>
    public const string WhatsApp = "whatsapp";

    /// <summary>The credential holding the verify token of WhatsApp's subscription challenge.</summary>
    public const string WhatsAppVerifyToken = "whatsapp-verify";

    /// <summary>Shopify; the credential is the app's client secret.</summary>
    public const string Shopify = "shopify";

    public static bool IsKnown(string? channel) => channel is Generic or WhatsApp or Shopify;

    /// <summary>
    /// The WhatsApp Cloud API access token (a system-user token) replies are sent with (<c>Authorization: Bearer</c>),
    /// a credential of its own beside the app secret; its allowed hosts must include the Graph API's host.
    /// </summary>
    public const string WhatsAppToken = "whatsapp-token";

    /// <summary>
    /// The generic channel's outbound webhook: the secret replies are signed with (as inbound deliveries are) and, as
    /// its one account, the merchant's URL they are posted to (its host among the allowed hosts).
    /// </summary>
    public const string GenericOutbound = "generic-outbound";
}
