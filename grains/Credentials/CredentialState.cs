using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Credentials;

[GenerateSerializer, Alias("omniops.credential-state")]
public sealed class CredentialState
{
    [Id(0)] public EncryptedField? Secret { get; set; }
    [Id(1)] public EncryptedField? PreviousSecret { get; set; }
    [Id(2)] public DateTimeOffset? PreviousValidUntil { get; set; }
    [Id(3)] public string Fingerprint { get; set; } = string.Empty;
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset? RotatedAt { get; set; }
    [Id(6)] public List<string> AllowedHosts { get; set; } = [];
    [Id(7)] public List<string> Accounts { get; set; } = [];
}
