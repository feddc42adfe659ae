namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// An embedded node's in-memory store holding a tenant's records: emptied of them when the tenant is offboarded
/// (<see cref="Privacy.InMemoryTenantDataPurger"/>), as the PostgreSQL stores' rows are by the offboarding's statements.
/// </summary>
public interface IInMemoryTenantRows
{
    /// <summary>Removes every record of <paramref name="tenantId"/>; how many.</summary>
    int ForgetTenant(string tenantId);
}
