namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>Sealing and opening a tenant's own fields (names, secrets) under its current key.</summary>
public static class TenantKeyringExtensions
{
    public static async ValueTask<EncryptedField> SealAsync(this TenantKeyring keyring, string tenantId, GrainId grain, string field, string plaintext) =>
        FieldCipher.SealString(await keyring.CurrentAsync(tenantId), grain.ToString(), field, plaintext);

    public static async ValueTask<string> OpenAsync(this TenantKeyring keyring, string tenantId, GrainId grain, string field, EncryptedField sealedField) =>
        FieldCipher.OpenString(await keyring.VersionAsync(tenantId, sealedField.KeyVersion), grain.ToString(), field, sealedField);

    /// <summary>A keyed, irreversible digest under a key derived from the tenant's first key version (stable across rotations).</summary>
    public static async ValueTask<byte[]> DeriveAsync(this TenantKeyring keyring, string tenantId, string purpose) =>
        System.Security.Cryptography.HKDF.DeriveKey(System.Security.Cryptography.HashAlgorithmName.SHA256,
            (await keyring.VersionOrCreateFirstAsync(tenantId)).Material, 32, salt: [], info: System.Text.Encoding.UTF8.GetBytes("omniops/" + purpose));
}
