namespace Omniops.Actors.Client.Channels;

/// <summary>
/// A parsed WhatsApp notification: the business numbers (<c>metadata.phone_number_id</c>) of every <c>messages</c>
/// change in it, whether or not the change carries an update, and its messages and statuses in Meta's order.
/// </summary>
public sealed record WhatsAppDelivery(IReadOnlyList<string> Businesses, IReadOnlyList<WhatsAppUpdate> Updates);
