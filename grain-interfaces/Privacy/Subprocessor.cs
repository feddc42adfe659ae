namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>A subprocessor the deployment uses (from configuration): who, why, where, and which data.</summary>
[GenerateSerializer, Alias("omniops.subprocessor")]
public sealed record Subprocessor(
    [property: Id(0)] string Name,
    [property: Id(1)] string Purpose,
    [property: Id(2)] string Region,
    [property: Id(3)] IReadOnlyList<string> DataCategories);
