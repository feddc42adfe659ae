using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>
/// Key-encryption keys from configuration: <c>Omniops__MasterKey</c> (or <c>__MasterKeyFile</c>) wraps, and every
/// <c>Omniops__PreviousMasterKeys__N</c> still unwraps until a rotation has re-wrapped everything. Wrapping is
/// AES-256-GCM with a fresh nonce; the KEK id is an HMAC of the key, so it names the key without revealing it.
/// With PostgreSQL configured a master key is required; the embedded in-memory node, whose data dies with the
/// process, makes an ephemeral one and says so loudly.
/// </summary>
public sealed partial class LocalKeyEncryptionKeyProvider : IKeyEncryptionKeyProvider
{
    public const int KeyLength = 32;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public LocalKeyEncryptionKeyProvider(IOptions<MasterKeyOptions> options, OmniopsDeployment deployment, ILogger<LocalKeyEncryptionKeyProvider> logger)
    {
        var current = MasterKeyOptions.Decode(options.Value.ReadCurrent(), "Omniops__MasterKey");
        if (current is null)
        {
            if (!deployment.IsEmbedded)
            {
                throw new InvalidOperationException(
                    "PostgreSQL is configured but no master key is: set Omniops__MasterKey (base64 of 32 bytes) or Omniops__MasterKeyFile.");
            }

            LogEphemeralKey(logger);
            current = RandomNumberGenerator.GetBytes(KeyLength);
        }

        CurrentKekId = IdOf(current);
        _keys[CurrentKekId] = current;
        foreach (var (previous, index) in options.Value.PreviousMasterKeys.Select((k, i) => (k, i)))
        {
            var key = MasterKeyOptions.Decode(previous, $"Omniops__PreviousMasterKeys__{index}")!;
            _keys.TryAdd(IdOf(key), key);
        }
    }

    public string CurrentKekId { get; }

    public IReadOnlyCollection<string> KekIds => _keys.Keys;

    public ValueTask<WrappedKey> WrapAsync(byte[] dataKey, string context)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var output = new byte[NonceLength + dataKey.Length + TagLength];
        nonce.CopyTo(output, 0);
        using var aes = new AesGcm(_keys[CurrentKekId], TagLength);
        aes.Encrypt(nonce, dataKey, output.AsSpan(NonceLength, dataKey.Length), output.AsSpan(NonceLength + dataKey.Length), Aad(context));
        return ValueTask.FromResult(new WrappedKey(CurrentKekId, output));
    }

    public ValueTask<byte[]> UnwrapAsync(WrappedKey wrapped, string context)
    {
        if (!_keys.TryGetValue(wrapped.KekId, out var kek))
        {
            throw new KeyUnavailableException($"No configured master key has id {wrapped.KekId}: add it to Omniops__PreviousMasterKeys until the rotation completes.");
        }

        var data = wrapped.Ciphertext;
        if (data.Length < NonceLength + TagLength)
        {
            throw new KeyUnavailableException($"The wrapped key for {context} is truncated.");
        }

        var plaintext = new byte[data.Length - NonceLength - TagLength];
        try
        {
            using var aes = new AesGcm(kek, TagLength);
            aes.Decrypt(data.AsSpan(0, NonceLength), data.AsSpan(NonceLength, plaintext.Length), data.AsSpan(NonceLength + plaintext.Length), plaintext, Aad(context));
        }
        catch (AuthenticationTagMismatchException exception)
        {
            throw new KeyUnavailableException($"The wrapped key for {context} does not authenticate under master key {wrapped.KekId}.", exception);
        }

        return ValueTask.FromResult(plaintext);
    }

    public override string ToString() => $"LocalKeyEncryptionKeyProvider {{ current = {CurrentKekId}, keys = {_keys.Count} }}";

    private static string IdOf(byte[] key) =>
        "mk-" + Convert.ToHexStringLower(HMACSHA256.HashData(key, "omniops/kek-id/v1"u8))[..16];

    private static byte[] Aad(string context) => Encoding.UTF8.GetBytes("omniops/kek-wrap/v1|" + context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "NO MASTER KEY CONFIGURED: the embedded node uses an ephemeral development key. Never run real data this way; set Omniops__MasterKey.")]
    private static partial void LogEphemeralKey(ILogger logger);
}
