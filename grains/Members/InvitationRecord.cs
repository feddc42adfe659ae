using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Members;

/// <summary>A pending invitation (the token itself is never stored: it carries its own MAC).</summary>
[GenerateSerializer, Alias("omniops.invitation-record")]
public sealed class InvitationRecord
{
    [Id(0)] public string InvitationId { get; set; } = string.Empty;
    [Id(1)] public byte[] EmailDigest { get; set; } = [];

    /// <summary>The invited e-mail, sealed under the tenant key (field <c>invitation-email:{invitationId}</c>).</summary>
    [Id(2)] public EncryptedField Email { get; set; } = null!;

    [Id(3)] public string Role { get; set; } = string.Empty;
    [Id(4)] public DateTimeOffset ExpiresAt { get; set; }
    [Id(5)] public bool Used { get; set; }
}
