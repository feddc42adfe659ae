namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>
/// An AES-256-GCM envelope as stored in grain state: which key (id and version) sealed it, the nonce, the ciphertext
/// and the tag. The associated data — grain id, field name, key id and version — is not stored: it is recomputed
/// from where the envelope is read, so an envelope moved to another grain, field or tenant fails to open.
/// </summary>
[GenerateSerializer, Alias("omniops.encrypted-field")]
public sealed record EncryptedField(
    [property: Id(0)] string KeyId,
    [property: Id(1)] int KeyVersion,
    [property: Id(2)] byte[] Nonce,
    [property: Id(3)] byte[] Ciphertext,
    [property: Id(4)] byte[] Tag);
