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
}
