using System.Security.Cryptography;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>
/// Per-subject keys (one per customer), each sealed by its tenant's key. A subject's personal data is sealed with
/// <see cref="FieldCipher"/> under its subject key; <see cref="DestroyAsync"/> deletes the key, after which every
/// copy of that data anywhere — a backup, a row Orleans left behind — stays unreadable. Subject keys are not cached
/// silo-wide: only the subject's own grain holds one, so destruction takes effect at once.
/// </summary>
public sealed class SubjectKeyring(ISubjectKeyStore store, TenantKeyring tenantKeys, TimeProvider time)
{
    public const string KeyId = "subject";

    /// <summary>The subject's key, created on first use.</summary>
    public async Task<DataKey> GetOrCreateAsync(string tenantId, string subjectId)
    {
        var existing = await store.ReadAsync(tenantId, subjectId);
        if (existing is null)
        {
            var tenantKey = await tenantKeys.CurrentAsync(tenantId);
            var material = RandomNumberGenerator.GetBytes(DataKey.Length);
            var sealedKey = FieldCipher.Seal(tenantKey, Owner(tenantId, subjectId), "key", material);
            existing = await store.AddOrGetAsync(new SubjectKeyRecord(tenantId, subjectId, sealedKey, time.GetUtcNow()));
        }

        return await OpenAsync(existing);
    }

    /// <summary>
    /// The subject's existing key; <see cref="SubjectErasedException"/> when it was destroyed (or never made): the
    /// subject reads as erased (410), never as a failure.
    /// </summary>
    public async Task<DataKey> GetAsync(string tenantId, string subjectId)
    {
        var existing = await store.ReadAsync(tenantId, subjectId) ?? throw new SubjectErasedException();
        return await OpenAsync(existing);
    }

    /// <summary>Crypto-shreds the subject. True when a key existed.</summary>
    public Task<bool> DestroyAsync(string tenantId, string subjectId) => store.DeleteAsync(tenantId, subjectId);

    private async Task<DataKey> OpenAsync(SubjectKeyRecord record)
    {
        var tenantKey = await tenantKeys.VersionAsync(record.TenantId, record.Wrapped.KeyVersion);
        return new DataKey(KeyId, 1, FieldCipher.Open(tenantKey, Owner(record.TenantId, record.SubjectId), "key", record.Wrapped));
    }

    private static string Owner(string tenantId, string subjectId) => $"subject-key:{tenantId}/{subjectId}";
}
