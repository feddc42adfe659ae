using System.Buffers.Binary;
using System.Text;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>
/// An <see cref="EncryptedField"/> as one byte string for a table column: format byte (1), key-id length and
/// ASCII key id, key version (int32, big-endian), nonce (12), tag (16), ciphertext. The associated data is not in
/// it: it is recomputed from where the value is read, as for grain state.
/// </summary>
public static class EncryptedFieldCodec
{
    private const byte Format = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    public static byte[] ToBytes(EncryptedField field)
    {
        var keyId = Encoding.ASCII.GetBytes(field.KeyId);
        var bytes = new byte[2 + keyId.Length + 4 + NonceLength + TagLength + field.Ciphertext.Length];
        bytes[0] = Format;
        bytes[1] = checked((byte)keyId.Length);
        var span = bytes.AsSpan(2);
        keyId.CopyTo(span);
        span = span[keyId.Length..];
        BinaryPrimitives.WriteInt32BigEndian(span, field.KeyVersion);
        field.Nonce.CopyTo(span[4..]);
        field.Tag.CopyTo(span[(4 + NonceLength)..]);
        field.Ciphertext.CopyTo(span[(4 + NonceLength + TagLength)..]);
        return bytes;
    }

    public static EncryptedField FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2 || bytes[0] != Format || bytes.Length < 2 + bytes[1] + 4 + NonceLength + TagLength)
        {
            throw new DecryptionFailedException("A stored envelope is malformed.");
        }

        var keyId = Encoding.ASCII.GetString(bytes.Slice(2, bytes[1]));
        var rest = bytes[(2 + bytes[1])..];
        return new EncryptedField(
            keyId,
            BinaryPrimitives.ReadInt32BigEndian(rest),
            rest.Slice(4, NonceLength).ToArray(),
            rest[(4 + NonceLength + TagLength)..].ToArray(),
            rest.Slice(4 + NonceLength, TagLength).ToArray());
    }
}
