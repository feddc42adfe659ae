using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Omniops.Actors.GrainInterfaces;

/// <summary>
/// Builds and parses every grain key. A tenant-scoped key is <c>{tenantId}</c> or <c>{tenantId}/{localId}</c>;
/// ids are opaque (generated), never personal data, because keys show up in the dashboard, logs and storage rows.
/// </summary>
public static class GrainKeys
{
    /// <summary>The pseudo-tenant under which operator and unattributable security events are audited.</summary>
    public const string OperatorTenant = "ops";

    private const char Separator = '/';
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new tenant id: <c>t</c> followed by 20 base32 characters (100 random bits).</summary>
    public static string NewTenantId() => "t" + RandomBase32(20);

    /// <summary>A new opaque local id with the given one-letter prefix (e.g. <c>k</c> for API keys).</summary>
    public static string NewLocalId(char prefix) => prefix + RandomBase32(20);

    /// <summary>
    /// An opaque id derived from a keyed digest (e.g. HMAC-SHA256 of a channel's contact id under a tenant key):
    /// <paramref name="prefix"/> and 26 base32 characters (130 bits). The same input always gives the same id, which
    /// makes redeliveries idempotent, and the id says nothing about the input.
    /// </summary>
    public static string DerivedId(char prefix, ReadOnlySpan<byte> digest)
    {
        const int length = 26;
        if (digest.Length < length)
        {
            throw new ArgumentException($"A digest of at least {length} bytes is needed.", nameof(digest));
        }

        Span<char> id = stackalloc char[length + 1];
        id[0] = prefix;
        for (var i = 0; i < length; i++)
        {
            id[i + 1] = Base32Alphabet[digest[i] & 31];
        }

        return new string(id);
    }

    /// <summary>True when <paramref name="value"/> is a syntactically valid id: 1–64 of [a-z0-9_-].</summary>
    public static bool IsValidId([NotNullWhen(true)] string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The key of a grain that belongs to <paramref name="tenantId"/> and is named <paramref name="localId"/>.</summary>
    public static string Scoped(string tenantId, string localId)
    {
        RequireId(tenantId, nameof(tenantId));
        RequireId(localId, nameof(localId));
        return string.Concat(tenantId, Separator.ToString(), localId);
    }

    /// <summary>The key of a per-tenant singleton grain (tenant, audit log, retention).</summary>
    public static string Tenant(string tenantId)
    {
        RequireId(tenantId, nameof(tenantId));
        return tenantId;
    }

    /// <summary>How many shards the tenant directory has (a fixed set of grains, whatever ids callers invent).</summary>
    public const int TenantDirectoryShards = 16;

    /// <summary>
    /// The key of the tenant directory shard that holds <paramref name="tenantId"/>: <c>directory-{0..15}</c>, from a
    /// stable FNV-1a hash of the id (the same on every process and run).
    /// </summary>
    public static string TenantDirectoryShard(string tenantId)
    {
        var hash = 2166136261u;
        foreach (var c in tenantId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return "directory-" + (hash % TenantDirectoryShards).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The tenant a grain key belongs to.</summary>
    public static string TenantOf(string key)
    {
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator < 0 ? key : key[..separator];
    }

    /// <summary>The local part of a scoped key (<c>{tenantId}/{localId}</c>).</summary>
    public static string LocalOf(string key)
    {
        var separator = key.IndexOf(Separator, StringComparison.Ordinal);
        return separator < 0 ? string.Empty : key[(separator + 1)..];
    }

    private static void RequireId(string value, string name)
    {
        if (!IsValidId(value))
        {
            throw new ArgumentException("An id must be 1-64 characters of [a-z0-9_-].", name);
        }
    }

    private static string RandomBase32(int length)
    {
        Span<byte> bytes = stackalloc byte[length];
        RandomNumberGenerator.Fill(bytes);
        return string.Create(length, bytes.ToArray(), static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Base32Alphabet[source[i] & 31];
            }
        });
    }
}
