using Omniops.Actors.GrainInterfaces.Channels;

namespace Omniops.Actors.Client.Conversations;

/// <summary>What a channel said about an attachment (decrypted); the content itself stays with the platform.</summary>
public sealed record AttachmentResponse(string Kind, string? MimeType, string? MediaId, string? Sha256, string? FileName, string? Caption)
{
    public static AttachmentResponse From(AttachmentMetadata attachment)
    {
        ArgumentNullException.ThrowIfNull(attachment);
        return new(attachment.Kind, attachment.MimeType, attachment.MediaId, attachment.Sha256, attachment.FileName, attachment.Caption);
    }

    public override string ToString() => $"AttachmentResponse {{ Kind = {Kind} }}";
}
