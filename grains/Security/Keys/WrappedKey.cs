namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>A data key encrypted by a key-encryption key: <see cref="KekId"/> names the KEK, never the key itself.</summary>
public sealed record WrappedKey(string KekId, byte[] Ciphertext);
