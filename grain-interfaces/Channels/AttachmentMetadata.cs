namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>
/// What a channel says about an attachment; the content itself stays with the platform (WhatsApp media ids are
/// fetched on demand). <see cref="Caption"/> and <see cref="FileName"/> can be personal data and are sealed.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.attachment")]
public sealed record AttachmentMetadata(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? MimeType = null,
    [property: Id(2)] string? MediaId = null,
    [property: Id(3)] string? Sha256 = null,
    [property: Id(4)] string? FileName = null,
    [property: Id(5)] string? Caption = null)
{
    public override string ToString() => $"AttachmentMetadata {{ Kind = {Kind} }}";
}
