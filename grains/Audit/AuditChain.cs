using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// The keyed hash chain: each event's hash is HMAC-SHA256, under the tenant's chain key (derived from its first data
/// key, which the database only holds wrapped under the master key), over the previous hash and a length-prefixed
/// canonical encoding of the event's fields. Whoever can rewrite rows but lacks the key cannot recompute the chain.
/// Timestamps count whole microseconds (what PostgreSQL keeps).
/// </summary>
public static class AuditChain
{
    public const int HashLength = 32;

    public static byte[] Genesis { get; } = new byte[HashLength];

    /// <summary>Retention never removes an event younger than this (the database function enforces the same).</summary>
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromDays(1);

    /// <summary>Truncates a time to the microsecond precision storage keeps.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>Builds the sealed event that follows <paramref name="previousHash"/>.</summary>
    public static AuditEvent Seal(string tenantId, long sequence, DateTimeOffset occurredAt, CallerContext caller, AuditEntry entry, byte[] previousHash, byte[] hmacKey, byte[] chainKey)
    {
        var details = CanonicalDetails(entry, hmacKey);
        var time = ToStoredPrecision(occurredAt);
        var resource = entry.PersonalResource && entry.Resource is not null ? PersonalResource(hmacKey, entry.Resource) : entry.Resource;
        var draft = new AuditEvent(tenantId, sequence, time, caller.Kind, caller.ActorId, entry.Operation, entry.Outcome, resource, details, previousHash, []);
        return draft with { Hash = ComputeHash(draft, chainKey, new ArrayBufferWriter<byte>(256)) };
    }

    /// <summary>
    /// The stored form of a personal resource (<see cref="AuditEntry.PersonalResource"/>): <c>hmac:</c> + lowercase hex of
    /// HMAC-SHA256 under the tenant's audit HMAC key (<see cref="AuditKeys.ForTenantAsync"/>) over <c>resource|{value}</c>
    /// (domain-separated from sensitive detail values). Whoever holds the ref and the key can find its events.
    /// </summary>
    public static string PersonalResource(byte[] hmacKey, string value) =>
        "hmac:" + Convert.ToHexStringLower(HMACSHA256.HashData(hmacKey, Encoding.UTF8.GetBytes("resource|" + value)));

    /// <summary>The hash <paramref name="e"/> should carry, given its fields, <see cref="AuditEvent.PreviousHash"/> and the tenant's chain key.</summary>
    public static byte[] ComputeHash(AuditEvent e, byte[] chainKey, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        buffer.Write(e.PreviousHash);
        WriteInt64(buffer, e.Sequence);
        WriteInt64(buffer, (e.OccurredAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        WriteInt64(buffer, (long)e.ActorKind);
        WriteString(buffer, e.TenantId);
        WriteString(buffer, e.ActorId);
        WriteString(buffer, e.Operation);
        WriteString(buffer, e.Outcome);
        WriteString(buffer, e.Resource);
        WriteString(buffer, e.Details);
        return HMACSHA256.HashData(chainKey, buffer.WrittenSpan);
    }

    /// <summary>
    /// Canonical JSON (keys sorted) of the entry's details: plain values redacted as a safety net, sensitive values
    /// as <c>hmac:{name}</c> HMAC-SHA256 hex under the tenant key, previews as <c>preview:{name}</c>, bounded and redacted.
    /// </summary>
    public static string CanonicalDetails(AuditEntry entry, byte[] hmacKey)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in entry.Details ?? EmptyMap)
        {
            fields[name] = Redactor.Redact(value);
        }

        foreach (var (name, value) in entry.Sensitive ?? EmptyMap)
        {
            fields["hmac:" + name] = Convert.ToHexStringLower(HMACSHA256.HashData(hmacKey, Encoding.UTF8.GetBytes(value)));
        }

        foreach (var (name, value) in entry.Previews ?? EmptyMap)
        {
            fields["preview:" + name] = Redactor.Preview(value);
        }

        if (fields.Count == 0)
        {
            return "{}";
        }

        var output = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static readonly Dictionary<string, string> EmptyMap = [];

    private static void WriteInt64(ArrayBufferWriter<byte> buffer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), -1);
            buffer.Advance(4);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteInt32BigEndian(buffer.GetSpan(4), length);
        buffer.Advance(4);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }
}
