using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// A tenant's record of processing: which integrations bring which personal data, the AI provider, the
/// subprocessors, the purposes, and how long each kind of data is kept. Holds no secret (never the AI key).
/// </summary>
[GenerateSerializer, Alias("omniops.data-map")]
public sealed record DataMap(
    [property: Id(0)] IReadOnlyList<DataMapIntegration> Integrations,
    [property: Id(1)] DataMapAiProvider Ai,
    [property: Id(2)] IReadOnlyList<Subprocessor> Subprocessors,
    [property: Id(3)] IReadOnlyList<string> Purposes,
    [property: Id(4)] RetentionSettings Retention);
