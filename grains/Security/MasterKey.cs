using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Security;

/// <summary>
/// The loaded key-encryption key. With PostgreSQL configured a real key is required (start-up refuses without one);
/// the embedded in-memory node, whose data dies with the process, makes an ephemeral key and says so loudly.
/// </summary>
public sealed partial class MasterKey
{
    public const int Length = 32;

    private readonly byte[] _key;

    public MasterKey(IOptions<MasterKeyOptions> options, IOptions<StorageOptions> storage, ILogger<MasterKey> logger)
    {
        var configured = Read(options.Value);
        if (configured is null)
        {
            if (storage.Value.UsePostgres)
            {
                throw new InvalidOperationException(
                    "PostgreSQL is configured but no master key is: set Omniops__MasterKey (base64 of 32 bytes) or Omniops__MasterKeyFile.");
            }

            LogEphemeralKey(logger);
            configured = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Length);
        }

        _key = configured;
    }

    /// <summary>The key bytes, for key derivation only.</summary>
    public ReadOnlySpan<byte> Bytes => _key;

    public override string ToString() => "MasterKey { [redacted] }";

    private static byte[]? Read(MasterKeyOptions options)
    {
        var text = options.MasterKey;
        if (string.IsNullOrWhiteSpace(text) && !string.IsNullOrWhiteSpace(options.MasterKeyFile))
        {
            text = File.ReadAllText(options.MasterKeyFile);
        }

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
            throw new InvalidOperationException("Omniops master key is not valid base64.");
        }

        return bytes.Length == Length
            ? bytes
            : throw new InvalidOperationException($"Omniops master key must be {Length} bytes; the configured one has {bytes.Length}.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "NO MASTER KEY CONFIGURED: the embedded node uses an ephemeral development key. Never run real data this way; set Omniops__MasterKey.")]
    private static partial void LogEphemeralKey(ILogger logger);
}
