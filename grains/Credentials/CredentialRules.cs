using System.Text.RegularExpressions;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Credentials;

/// <summary>What a credential and its outbound calls may look like.</summary>
public static partial class CredentialRules
{
    public const int MaxSecretLength = 8192;
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(30);

    public static bool IsIntegration(string? name) => name is not null && IntegrationPattern().IsMatch(name);

    public static void ValidateSecret(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > MaxSecretLength)
        {
            throw new RequestValidationException($"secret is required and takes at most {MaxSecretLength} characters.");
        }
    }

    public static TimeSpan Grace(TimeSpan? requested) => requested switch
    {
        null => DefaultGrace,
        { } value when value >= TimeSpan.Zero && value <= MaxGrace => value,
        _ => throw new RequestValidationException("graceSeconds must lie between 0 and 30 days."),
    };

    public static List<string> Hosts(IReadOnlyList<string>? hosts)
    {
        var list = (hosts ?? []).Select(h => h.Trim().ToLowerInvariant()).Distinct().ToList();
        if (list.Count > 10 || list.Any(h => !HostPattern().IsMatch(h)))
        {
            throw new RequestValidationException("allowedHosts takes at most 10 entries of the form host or host:port.");
        }

        return list;
    }

    /// <summary>
    /// The platform accounts a channel credential delivers for: <c>whatsapp</c> takes 1-20 <c>phone_number_id</c>s
    /// (1-32 digits), <c>shopify</c> exactly one shop domain (<c>{handle}.myshopify.com</c>, lower-cased),
    /// <c>generic-outbound</c> exactly one destination URL; all three require them, and no other integration takes any.
    /// </summary>
    public static List<string> Accounts(string integration, IReadOnlyList<string>? accounts)
    {
        var list = (accounts ?? []).Select(a => a is null ? string.Empty : NormalizeAccount(integration, a)).Distinct(StringComparer.Ordinal).ToList();
        switch (integration)
        {
            case ChannelNames.WhatsApp when list.Count is < 1 or > 20 || list.Any(a => !PhoneNumberIdPattern().IsMatch(a)):
                throw new RequestValidationException("accounts must list the WhatsApp phone_number_ids (1-20, each 1-32 digits) this channel delivers for.");
            case ChannelNames.Shopify when list.Count != 1 || !ShopDomainPattern().IsMatch(list[0]):
                throw new RequestValidationException("accounts must hold exactly one shop domain of the form {shop}.myshopify.com.");
            case ChannelNames.GenericOutbound when list.Count != 1 || !Uri.TryCreate(list[0], UriKind.Absolute, out var url) ||
                    !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)) || list[0].Length > 2048:
                throw new RequestValidationException("accounts must hold exactly one destination URL (https; plain http only to loopback) for generic-outbound.");
            case not (ChannelNames.WhatsApp or ChannelNames.Shopify or ChannelNames.GenericOutbound) when list.Count > 0:
                throw new RequestValidationException("accounts are taken only for the whatsapp, shopify and generic-outbound integrations.");
            default:
                return list;
        }
    }

    /// <summary>An account as it is compared: a shop domain is case-insensitive, a phone_number_id taken as is.</summary>
    public static string NormalizeAccount(string integration, string account) =>
        integration == ChannelNames.Shopify ? account.ToLowerInvariant() : account;

    /// <summary>An outbound URL must be https (plain http only to loopback) and go to an allowed host.</summary>
    public static bool IsAllowed(Uri url, IReadOnlyCollection<string> allowedHosts) =>
        url.IsAbsoluteUri &&
        (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)) &&
        (allowedHosts.Contains(url.Host.ToLowerInvariant()) || allowedHosts.Contains($"{url.Host.ToLowerInvariant()}:{url.Port}"));

    [GeneratedRegex(@"^[0-9]{1,32}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumberIdPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com\z", RegexOptions.CultureInvariant)]
    private static partial Regex ShopDomainPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegrationPattern();

    [GeneratedRegex(@"^[a-z0-9.-]{1,253}(:\d{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
