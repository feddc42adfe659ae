namespace Omniops.Actors.Client.Credentials;

/// <summary><c>PUT /v1/credentials/{integration}</c>: the secret, how long a replaced one keeps verifying, where it may be sent.</summary>
public sealed record PutCredentialRequest(string Secret, long? GraceSeconds = null, IReadOnlyList<string>? AllowedHosts = null)
{
    public override string ToString() => "PutCredentialRequest { [redacted] }";
}
