namespace Omniops.Actors.Client.Channels;

/// <summary>A WhatsApp notification's 200: how many messages and statuses it carried, and how many of them had been stored before.</summary>
public sealed record WhatsAppNotificationResponse(int Messages, int Statuses, int Duplicates);
