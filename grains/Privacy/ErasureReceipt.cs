using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Audit;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// What an erasure removed, per target kind, as the audit trail records it and as the signed receipt states it:
/// compact JSON, exactly the bytes signed (ECDSA P-256 over SHA-256, the service's signing key), naming no subject.
/// </summary>
public static class ErasureReceipt
{
    /// <summary>The counts, in the receipt's order (a tenant erasure adds its own rows, reminders and key versions).</summary>
    public static IReadOnlyList<(string Name, long Count)> Counts(ErasureTally tally, PrivacyRequestKind kind)
    {
        List<(string, long)> counts =
        [
            ("customers", tally.Customers), ("conversations", tally.Conversations), ("messages", tally.Messages), ("orders", tally.Orders),
            ("complianceRecords", tally.ComplianceRecords), ("indexEntries", tally.IndexEntries), ("storageRows", tally.StorageRows),
            ("subjectKeys", tally.SubjectKeysDestroyed),
        ];
        if (kind == PrivacyRequestKind.TenantErasure)
        {
            counts.AddRange([("tenantRows", tally.TenantRows), ("reminders", tally.Reminders), ("tenantKeys", tally.TenantKeysDestroyed)]);
        }

        return counts;
    }

    /// <summary>The counts as audit details.</summary>
    public static Dictionary<string, string> Details(ErasureTally tally, PrivacyRequestKind kind) =>
        Counts(tally, kind).ToDictionary(c => c.Name, c => c.Count.ToString(CultureInfo.InvariantCulture));

    public static SignedReceipt Sign(AuditSigner signer, string tenantId, string requestId, PrivacyRequestState s, DateTimeOffset completedAt)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "omniops-erasure-receipt/v1");
            json.WriteString("requestId", requestId);
            json.WriteString("tenantId", tenantId);
            json.WriteString("kind", PrivacyNames.Of(s.Kind));
            json.WriteString("source", PrivacyNames.Of(s.Source));
            json.WriteString("receivedAt", s.ReceivedAt.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("completedAt", completedAt.ToString("O", CultureInfo.InvariantCulture));
            json.WriteStartObject("erased");
            foreach (var (name, count) in Counts(s.Tally, s.Kind))
            {
                json.WriteNumber(name, count);
            }

            json.WriteEndObject();
            json.WriteBoolean("subjectKeyDestroyed", s.Tally.SubjectKeysDestroyed > 0);
            if (s.Kind == PrivacyRequestKind.TenantErasure)
            {
                json.WriteBoolean("tenantKeyDestroyed", s.Tally.TenantKeysDestroyed > 0);
            }

            json.WriteString("keyId", signer.KeyId);
            json.WriteEndObject();
        }

        return new SignedReceipt(Encoding.UTF8.GetString(buffer.WrittenSpan), Convert.ToBase64String(signer.SignDocument(buffer.WrittenSpan)), signer.KeyId);
    }
}
