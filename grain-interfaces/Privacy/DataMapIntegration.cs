namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>A connected integration and the categories of personal data it brings.</summary>
[GenerateSerializer, Alias("omniops.data-map-integration")]
public sealed record DataMapIntegration(
    [property: Id(0)] string Integration,
    [property: Id(1)] IReadOnlyList<string> DataCategories);
