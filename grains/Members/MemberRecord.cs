using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Members;

/// <summary>A member as stored: the e-mail only sealed (and as a keyed digest to find it), the password only hashed.</summary>
[GenerateSerializer, Alias("omniops.member-record")]
public sealed class MemberRecord
{
    [Id(0)] public string MemberId { get; set; } = string.Empty;

    /// <summary>HMAC-SHA256 of the normalised e-mail under the tenant's <c>member-email/v1</c> key.</summary>
    [Id(1)] public byte[] EmailDigest { get; set; } = [];

    /// <summary>The e-mail, sealed under the tenant key (field <c>member-email:{memberId}</c>).</summary>
    [Id(2)] public EncryptedField Email { get; set; } = null!;

    [Id(3)] public string Role { get; set; } = string.Empty;

    /// <summary>ASP.NET Core Identity's <c>PasswordHasher</c> format (PBKDF2, versioned).</summary>
    [Id(4)] public string PasswordHash { get; set; } = string.Empty;

    [Id(5)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The confirmed TOTP secret, sealed; null when the member has no second factor.</summary>
    [Id(6)] public EncryptedField? TotpSecret { get; set; }

    /// <summary>A secret being enrolled (not yet confirmed), sealed.</summary>
    [Id(7)] public EncryptedField? PendingTotpSecret { get; set; }

    /// <summary>The last TOTP time step accepted: a code of that step or earlier is refused (no replay).</summary>
    [Id(8)] public long LastTotpStep { get; set; }

    /// <summary>Failed sign-ins inside the lockout window.</summary>
    [Id(9)] public List<DateTimeOffset> Failures { get; set; } = [];

    [Id(10)] public DateTimeOffset? LockedUntil { get; set; }
}
