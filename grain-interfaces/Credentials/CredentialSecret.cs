namespace Omniops.Actors.GrainInterfaces.Credentials;

/// <summary>A secret on its way in. Its <see cref="ToString"/> never shows the secret.</summary>
[GenerateSerializer, Alias("omniops.credential-secret")]
public sealed class CredentialSecret
{
    /// <summary>The secret itself (API key, OAuth token, webhook or app secret).</summary>
    [Id(0)] public required string Secret { get; init; }

    /// <summary>How long a replaced secret keeps verifying. Default (null): 24 hours; zero: not at all.</summary>
    [Id(1)] public TimeSpan? GracePeriod { get; init; }

    /// <summary>The hosts (<c>host</c> or <c>host:port</c>) outbound calls with this secret may go to. Default: none.</summary>
    [Id(2)] public IReadOnlyList<string>? AllowedHosts { get; init; }

    /// <summary>
    /// The platform accounts the channel delivers for, which it may deliver for only: required for <c>whatsapp</c>
    /// (its <c>phone_number_id</c>s) and <c>shopify</c> (its one <c>*.myshopify.com</c> domain), refused for any other.
    /// </summary>
    [Id(3)] public IReadOnlyList<string>? Accounts { get; init; }

    public override string ToString() => "CredentialSecret { [redacted] }";
}
