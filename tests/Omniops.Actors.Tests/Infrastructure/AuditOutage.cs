namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>Makes the database refuse one tenant's audit inserts (a superuser trigger) until disposed.</summary>
public sealed class AuditOutage : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _name;

    private AuditOutage(string connectionString, string name) => (_connectionString, _name) = (connectionString, name);

    public static async Task<AuditOutage> StartAsync(ClusterFixture fixture, string tenantId)
    {
        var name = "outage_" + tenantId;
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, $"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated audit outage'; END; $$;
            CREATE TRIGGER {name} BEFORE INSERT ON omniops_audit_events FOR EACH ROW
                WHEN (NEW.tenant_id = '{tenantId}') EXECUTE FUNCTION {name}();
            """);
        return new AuditOutage(fixture.SuperuserConnectionString, name);
    }

    public async ValueTask DisposeAsync() =>
        await Sql.ExecuteAsync(_connectionString, $"DROP TRIGGER {_name} ON omniops_audit_events; DROP FUNCTION {_name}();");
}
