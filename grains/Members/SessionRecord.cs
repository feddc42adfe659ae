namespace Omniops.Actors.Grains.Members;

/// <summary>A server-side session: the cookie proves it by a secret whose SHA-256 alone is kept.</summary>
[GenerateSerializer, Alias("omniops.session-record")]
public sealed class SessionRecord
{
    [Id(0)] public string SessionId { get; set; } = string.Empty;
    [Id(1)] public string MemberId { get; set; } = string.Empty;
    [Id(2)] public byte[] SecretHash { get; set; } = [];
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the session was last seen, as last written (writes are coalesced; memory holds the newer time).</summary>
    [Id(4)] public DateTimeOffset LastSeen { get; set; }
}
