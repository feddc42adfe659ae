namespace Omniops.Actors.Tests.Fuzz;

/// <summary>Whose credentials a generated JSON API request carries.</summary>
public enum ApiCaller
{
    Admin,
    Agent,
    Anonymous,
}
