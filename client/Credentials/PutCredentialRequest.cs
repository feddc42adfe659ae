namespace Omniops.Actors.Client.Credentials;

/// <summary>
/// <c>PUT /v1/credentials/{integration}</c>: the secret, how long a replaced one keeps verifying, where it may be sent,
/// and the platform accounts the channel delivers for (<c>whatsapp</c>: phone_number_ids; <c>shopify</c>: the shop domain).
/// </summary>
public sealed record PutCredentialRequest(string Secret, long? GraceSeconds = null, IReadOnlyList<string>? AllowedHosts = null, IReadOnlyList<string>? Accounts = null)
{
    public override string ToString() => "PutCredentialRequest { [redacted] }";
}
