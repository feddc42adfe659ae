namespace Omniops.Actors.GrainInterfaces.Incidents;

/// <summary>The components an incident can affect.</summary>
public static class IncidentKinds
{
    public const string Database = "database";
    public const string Silo = "silo";
    public const string Integration = "integration";
    public const string Credential = "credential";
    public const string AiProvider = "ai-provider";

    public static IReadOnlyList<string> All { get; } = [Database, Silo, Integration, Credential, AiProvider];
}
