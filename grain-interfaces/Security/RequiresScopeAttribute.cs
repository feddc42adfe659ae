namespace Omniops.Actors.GrainInterfaces.Security;

/// <summary>
/// Declares which scopes may call a grain method (any one suffices). The isolation filter denies a call to a method
/// of an Omniops grain interface that declares none: access is opt-in, never by omission.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresScopeAttribute(params string[] scopes) : Attribute
{
    public IReadOnlyList<string> Scopes { get; } = scopes;
}
