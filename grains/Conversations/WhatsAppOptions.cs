namespace Omniops.Actors.Grains.Conversations;

/// <summary>Where WhatsApp replies are sent (<c>Omniops:Channels:WhatsApp</c>).</summary>
public sealed class WhatsAppOptions
{
    public const string Section = "Omniops:Channels:WhatsApp";

    /// <summary>
    /// The Graph API base URL, version included; a reply is <c>POST {GraphBaseUrl}/{phone_number_id}/messages</c>.
    /// Default <c>https://graph.facebook.com/v24.0</c>.
    /// </summary>
    public Uri GraphBaseUrl { get; set; } = new("https://graph.facebook.com/v24.0");
}
