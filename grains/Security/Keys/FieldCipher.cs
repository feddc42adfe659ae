using System.Security.Cryptography;
using System.Text;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>
/// Seals and opens sensitive fields: AES-256-GCM, a fresh 96-bit nonce per encryption, associated data
/// <c>omniops/field/v1|{grainId}|{field}|{keyId}|{keyVersion}</c>. A failure to open is a clear
/// <see cref="DecryptionFailedException"/>, never garbage.
/// </summary>
public static class FieldCipher
{
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public static EncryptedField Seal(DataKey key, string grainId, string field, ReadOnlySpan<byte> plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceLength);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagLength];
        using var aes = new AesGcm(key.Material, TagLength);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, Aad(grainId, field, key.Id, key.Version));
        return new EncryptedField(key.Id, key.Version, nonce, ciphertext, tag);
    }

    public static EncryptedField SealString(DataKey key, string grainId, string field, string plaintext) =>
        Seal(key, grainId, field, Encoding.UTF8.GetBytes(plaintext));

    public static byte[] Open(DataKey key, string grainId, string field, EncryptedField sealedField)
    {
        if (sealedField.KeyId != key.Id || sealedField.KeyVersion != key.Version ||
            sealedField.Nonce.Length != NonceLength || sealedField.Tag.Length != TagLength)
        {
            throw Failure(grainId, field, "it was sealed under another key");
        }

        var plaintext = new byte[sealedField.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key.Material, TagLength);
            aes.Decrypt(sealedField.Nonce, sealedField.Ciphertext, sealedField.Tag, plaintext, Aad(grainId, field, key.Id, key.Version));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw Failure(grainId, field, "it does not authenticate here (moved from another grain, field or tenant, or altered)");
        }

        return plaintext;
    }

    public static string OpenString(DataKey key, string grainId, string field, EncryptedField sealedField) =>
        Encoding.UTF8.GetString(Open(key, grainId, field, sealedField));

    private static DecryptionFailedException Failure(string grainId, string field, string reason) =>
        new($"Field '{field}' of {grainId} could not be decrypted: {reason}.");

    private static byte[] Aad(string grainId, string field, string keyId, int version) =>
        Encoding.UTF8.GetBytes($"omniops/field/v1|{grainId}|{field}|{keyId}|{version}");
}
