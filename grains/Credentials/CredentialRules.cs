using System.Text.RegularExpressions;
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

    /// <summary>An outbound URL must be https (plain http only to loopback) and go to an allowed host.</summary>
    public static bool IsAllowed(Uri url, IReadOnlyCollection<string> allowedHosts) =>
        url.IsAbsoluteUri &&
        (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)) &&
        (allowedHosts.Contains(url.Host.ToLowerInvariant()) || allowedHosts.Contains($"{url.Host.ToLowerInvariant()}:{url.Port}"));

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegrationPattern();

    [GeneratedRegex(@"^[a-z0-9.-]{1,253}(:\d{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}
