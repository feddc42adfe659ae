namespace Omniops.Actors.GrainInterfaces.Incidents;

/// <summary>A tenant an incident may have affected: the categories of its data involved and how many data subjects (a count, never refs).</summary>
[GenerateSerializer, Alias("omniops.affected-tenant")]
public sealed record AffectedTenant(
    [property: Id(0)] string TenantId,
    [property: Id(1)] IReadOnlyList<string> DataCategories,
    [property: Id(2)] long Subjects);
