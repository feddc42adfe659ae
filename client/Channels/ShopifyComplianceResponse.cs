namespace Omniops.Actors.Client.Channels;

/// <summary>A Shopify privacy webhook's 200: the topic recorded; <see cref="Duplicate"/> when this delivery was recorded before.</summary>
public sealed record ShopifyComplianceResponse(string Topic, bool Duplicate);
