namespace Omniops.Actors.Client.Channels;

/// <summary>
/// A Shopify privacy webhook's 200: the topic recorded; <see cref="Duplicate"/> when this delivery (or, for a redact,
/// the same signed body under another webhook id) was recorded before; <see cref="EffectiveAt"/>, when the request
/// may be carried out — a redact after the cooling-off window, a data request at once.
/// </summary>
public sealed record ShopifyComplianceResponse(string Topic, bool Duplicate, DateTimeOffset EffectiveAt);
