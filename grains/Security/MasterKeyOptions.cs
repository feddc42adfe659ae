namespace Omniops.Actors.Grains.Security;

/// <summary>The key-encryption keys (section <c>Omniops</c>). Never printed.</summary>
public sealed class MasterKeyOptions
{
    public const string Section = "Omniops";

    /// <summary>Base64 of 32 random bytes (<c>Omniops__MasterKey</c>): the KEK new wraps use. Default: unset.</summary>
    public string? MasterKey { get; set; }

    /// <summary>A file holding the base64 key, for secret mounts (<c>Omniops__MasterKeyFile</c>). Default: unset.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>Earlier master keys (<c>Omniops__PreviousMasterKeys__0</c>, ...) that still unwrap during a rotation. Default: none.</summary>
    public List<string> PreviousMasterKeys { get; set; } = [];

    /// <summary>The configured current key text, from the value or the file.</summary>
    public string? ReadCurrent() =>
        !string.IsNullOrWhiteSpace(MasterKey) ? MasterKey
        : !string.IsNullOrWhiteSpace(MasterKeyFile) ? File.ReadAllText(MasterKeyFile)
        : null;

    /// <summary>Decodes a base64 32-byte key, or explains in one sentence why it is not one.</summary>
    public static byte[]? Decode(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{name} is not valid base64.");
        }

        return bytes.Length == Keys.LocalKeyEncryptionKeyProvider.KeyLength
            ? bytes
            : throw new InvalidOperationException($"{name} must be 32 bytes; the configured one has {bytes.Length}.");
    }

    public override string ToString() => $"{nameof(MasterKeyOptions)} {{ configured = {MasterKey is not null || MasterKeyFile is not null}, previous = {PreviousMasterKeys.Count} }}";
}
