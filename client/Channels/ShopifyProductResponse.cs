namespace Omniops.Actors.Client.Channels;

/// <summary>A product delivery's answer: the shop's product id, whether it was a redelivery, whether a newer version was held.</summary>
public sealed record ShopifyProductResponse(string ProductId, bool Duplicate, bool Stale);
