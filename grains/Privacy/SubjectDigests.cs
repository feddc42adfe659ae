using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Security.Keys;
using PhoneNumbers;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The subject index's keyed blind digests: HMAC-SHA256, under a key derived from the tenant key
/// (<c>subject-index/v1</c>), of <c>kind|normalized value</c>. E-mail is trimmed and lower-cased; a phone number is
/// E.164 (a number without + is read in <see cref="SubjectIndexOptions.DefaultPhoneRegion"/>; one that does not parse
/// is not indexed); an external ref is trimmed. Another tenant's key gives other digests, so nothing crosses tenants.
/// </summary>
public sealed class SubjectDigests(TenantKeyring keyring, IOptions<SubjectIndexOptions> options)
{
    private const string Purpose = "subject-index/v1";
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>The normalized form of <paramref name="value"/>, or null when it cannot be indexed.</summary>
    public string? Normalize(SubjectLookupKind kind, string? value)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        return kind switch
        {
            SubjectLookupKind.Email => trimmed.ToLowerInvariant(),
            SubjectLookupKind.Phone => E164(trimmed),
            SubjectLookupKind.ExternalRef => trimmed,
            _ => null,
        };
    }

    /// <summary>The digest of <paramref name="value"/> as <paramref name="kind"/>, or null when it cannot be indexed.</summary>
    public async ValueTask<byte[]?> DigestAsync(string tenantId, SubjectLookupKind kind, string? value)
    {
        if (Normalize(kind, value) is not { } normalized)
        {
            return null;
        }

        var key = await keyring.DeriveAsync(tenantId, Purpose);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{Name(kind)}|{normalized}"));
    }

    /// <summary>Every entry the contact details give (e-mail, phone, external ref), each once.</summary>
    public async ValueTask<IReadOnlyCollection<SubjectLookup>> LookupsAsync(string tenantId, ContactDetails contact)
    {
        var lookups = new List<SubjectLookup>(3);
        foreach (var (kind, value) in new[] { (SubjectLookupKind.Email, contact.Email), (SubjectLookupKind.Phone, contact.Phone), (SubjectLookupKind.ExternalRef, contact.ExternalRef) })
        {
            if (await DigestAsync(tenantId, kind, value) is { } digest)
            {
                lookups.Add(new SubjectLookup(kind, digest));
            }
        }

        return lookups;
    }

    private static string Name(SubjectLookupKind kind) => kind switch
    {
        SubjectLookupKind.Email => "email",
        SubjectLookupKind.Phone => "phone",
        _ => "external-ref",
    };

    private string? E164(string value)
    {
        try
        {
            var number = Phones.Parse(value, options.Value.DefaultPhoneRegion);
            return Phones.IsPossibleNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
