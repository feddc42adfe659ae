using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Audit;

/// <summary>
/// Old audit events leave only through the owner's retention function, which keeps a horizon (the last removed
/// event's hash) so verify still proves the rest; every direct DELETE is refused, and the newest event never goes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditRetentionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ExpiringOldEventsRemovesThemKeepsAHorizonAndVerifyStillProvesTheRest()
    {
        var (tenantId, old) = await OldLogAsync(3);
        var log = fixture.Grains.GetAuditLogGrain(tenantId);
        await ClusterFixture.AsAsync(System(tenantId), () => log.AppendAsync(new AuditEntry("test.recent", AuditOutcomes.Success)));

        var removed = await ClusterFixture.AsAsync(System(tenantId), () => log.ExpireAsync(DateTimeOffset.UtcNow.AddDays(-2)));
        var verification = await ClusterFixture.AsAsync(System(tenantId), () => log.VerifyAsync());
        var remaining = await ClusterFixture.AsAsync(System(tenantId), () => log.ReadAsync(0, 500));

        Assert.Equal(3, removed);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(new AuditHorizon(3, Convert.ToHexStringLower(old[^1].Hash), 3, verification.Horizon!.RemovedAt), verification.Horizon);
        Assert.Equal(remaining.Count, verification.Events);
        Assert.Equal(4, remaining[0].Sequence);
        Assert.Equal(old[^1].Hash, remaining[0].PreviousHash);
        Assert.Contains(remaining, e => e.Operation == "audit.expire");
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1 AND seq <= 3", tenantId));
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_audit_horizons WHERE tenant_id = $1 AND seq = 3", tenantId));
    }

    [Fact]
    public async Task NeitherTheRuntimeRoleNorTheOwnerCanDeleteAuditEventsDirectlyEvenWithTheFunctionsFlagSet()
    {
        var (tenantId, _) = await OldLogAsync(3);

        foreach (var connectionString in new[] { fixture.ApplicationConnectionString, fixture.OwnerConnectionString })
        {
            foreach (var flag in new[] { "off", "on" })
            {
                var refused = await Assert.ThrowsAsync<PostgresException>(() => BoundAsync(connectionString, tenantId, flag,
                    "DELETE FROM omniops_audit_events WHERE tenant_id = $1 AND seq = 1"));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }
        }

        Assert.Equal(3, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1", tenantId));
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_audit_horizons WHERE tenant_id = $1", tenantId));
    }

    [Fact]
    public async Task TheRetentionFunctionRefusesTheNewestEventAndEventsYoungerThanOneDay()
    {
        var (tenantId, _) = await OldLogAsync(2);
        var log = fixture.Grains.GetAuditLogGrain(tenantId);
        await ClusterFixture.AsAsync(System(tenantId), () => log.AppendAsync(new AuditEntry("test.recent", AuditOutcomes.Success)));
        await ClusterFixture.AsAsync(System(tenantId), () => log.AppendAsync(new AuditEntry("test.recent", AuditOutcomes.Success)));

        var newest = await Assert.ThrowsAsync<PostgresException>(() => BoundAsync(fixture.ApplicationConnectionString, tenantId, "off", "SELECT omniops_audit_expire($1, 4)"));
        var young = await Assert.ThrowsAsync<PostgresException>(() => BoundAsync(fixture.ApplicationConnectionString, tenantId, "off", "SELECT omniops_audit_expire($1, 3)"));
        await BoundAsync(fixture.ApplicationConnectionString, tenantId, "off", "SELECT omniops_audit_expire($1, 2)");
        var verification = await ClusterFixture.AsAsync(System(tenantId), () => log.VerifyAsync());

        Assert.Contains("newest", newest.MessageText, StringComparison.Ordinal);
        Assert.Contains("younger than one day", young.MessageText, StringComparison.Ordinal);
        Assert.Equal(2, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1", tenantId));
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(2, verification.Horizon!.Sequence);
    }

    [Fact]
    public async Task AFirstRemainingEventThatDoesNotFollowTheHorizonFailsVerify()
    {
        var (tenantId, _) = await OldLogAsync(3);
        var log = fixture.Grains.GetAuditLogGrain(tenantId);
        await BoundAsync(fixture.ApplicationConnectionString, tenantId, "off", "SELECT omniops_audit_expire($1, 1)");
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, """
            ALTER TABLE omniops_audit_horizons DISABLE TRIGGER USER;
            UPDATE omniops_audit_horizons SET hash = '\x00000000000000000000000000000000000000000000000000000000000000ff' WHERE tenant_id = $1;
            ALTER TABLE omniops_audit_horizons ENABLE TRIGGER USER;
            """.Replace("$1", "'" + tenantId + "'", StringComparison.Ordinal));

        var verification = await ClusterFixture.AsAsync(System(tenantId), () => log.VerifyAsync());

        Assert.False(verification.Valid);
        Assert.Equal(2, verification.FirstBrokenSequence);
    }

    private static CallerContext System(string tenantId) =>
        new(tenantId, "retention-test", ActorKind.System, [Scopes.AuditAppend, Scopes.AuditRead, Scopes.AuditExpire]);

    /// <summary>A fresh tenant log whose first events occurred three days ago, sealed with the tenant's real keys.</summary>
    private async Task<(string TenantId, List<AuditEvent> Events)> OldLogAsync(int count)
    {
        var tenantId = GrainKeys.NewTenantId();
        var services = fixture.Cluster.Silos[0].SiloHost.Services;
        var keys = services.GetRequiredService<AuditKeys>();
        var (hmacKey, chainKey) = (await keys.ForTenantAsync(tenantId), await keys.ChainKeyAsync(tenantId));
        var store = services.GetRequiredService<IAuditStore>();
        var events = new List<AuditEvent>();
        var previous = AuditChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var e = AuditChain.Seal(tenantId, i, DateTimeOffset.UtcNow.AddDays(-3).AddMinutes(i), System(tenantId),
                new AuditEntry("test.old", AuditOutcomes.Success), previous, hmacKey, chainKey);
            await store.AppendAsync(e);
            events.Add(e);
            previous = e.Hash;
        }

        return (tenantId, events);
    }

    /// <summary>Runs <paramref name="sql"/> in one transaction bound to the tenant, with the retention flag set as given.</summary>
    private static async Task BoundAsync(string connectionString, string tenantId, string flag, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var bind = new NpgsqlCommand("SELECT set_config('omniops.tenants', $1, true), set_config('omniops.audit_expiring', $2, true)", connection, transaction))
        {
            bind.Parameters.AddWithValue(tenantId);
            bind.Parameters.AddWithValue(flag);
            await bind.ExecuteNonQueryAsync();
        }

        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            command.Parameters.AddWithValue(tenantId);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
