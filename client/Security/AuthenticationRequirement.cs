namespace Omniops.Actors.Client.Security;

/// <summary>Endpoint metadata: who may call the endpoint. An endpoint without it is public (health only).</summary>
public sealed record AuthenticationRequirement(bool Operator)
{
    public static AuthenticationRequirement OperatorKey { get; } = new(true);

    public static AuthenticationRequirement TenantKey { get; } = new(false);
}
