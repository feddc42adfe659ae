namespace Omniops.Actors.Grains.Security;

/// <summary>The key-encryption key the runtime derives its per-tenant keys from. Never logged.</summary>
public sealed class MasterKeyOptions
{
    public const string Section = "Omniops";

    /// <summary>Base64 of 32 random bytes (<c>Omniops__MasterKey</c>). Default: unset.</summary>
    public string? MasterKey { get; set; }

    /// <summary>A file holding the base64 key, for secret mounts (<c>Omniops__MasterKeyFile</c>). Default: unset.</summary>
    public string? MasterKeyFile { get; set; }

    public override string ToString() => $"{nameof(MasterKeyOptions)} {{ configured = {MasterKey is not null || MasterKeyFile is not null} }}";
}
