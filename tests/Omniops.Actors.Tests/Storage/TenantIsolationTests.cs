using Npgsql;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Storage;

/// <summary>
/// Row-level security below the grains: as the runtime role, a query that forgets its tenant filter sees only the
/// rows of the tenants bound to its transaction, and nothing when none is bound.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantIsolationTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("omniops_messages")]
    [InlineData("conversation_index")]
    [InlineData("omniops_audit_events")]
    [InlineData("omniops_compliance_requests")]
    [InlineData("omniops_subject_keys")]
    [InlineData("omniops_tenant_keys")]
    [InlineData("order_index")]
    [InlineData("omniops_outbox")]
    [InlineData("omniops_products")]
    public async Task AnUnfilteredQueryOfTheRuntimeRoleSeesOnlyTheBoundTenantsRowsAndNoneUnbound(string table)
    {
        var (a, b) = ("rls" + Guid.NewGuid().ToString("N")[..12], "rls" + Guid.NewGuid().ToString("N")[..12]);
        await SeedAsync(a);
        await SeedAsync(b);
        try
        {
            Assert.True(await Sql.ScalarAsync(fixture.SuperuserConnectionString, $"SELECT count(*) FROM {table}") >= 2);

            await using var connection = new NpgsqlConnection(fixture.ApplicationConnectionString);
            await connection.OpenAsync();
            Assert.Equal(0L, await CountAsync(connection, table, null));
            Assert.Equal(1L, await CountAsync(connection, table, a));
            Assert.Equal(2L, await CountAsync(connection, table, $"{a},{b}"));

            // The binding is local to its transaction: the connection carries nothing over.
            Assert.Equal(0L, await CountAsync(connection, table, null));
        }
        finally
        {
            await ForgetTenantKeysAsync(a, b);
        }
    }

    [Fact]
    public async Task TheRuntimeRoleCannotWriteARowOfATenantItIsNotBoundTo()
    {
        var (a, b) = ("rls" + Guid.NewGuid().ToString("N")[..12], "rls" + Guid.NewGuid().ToString("N")[..12]);
        await using var connection = new NpgsqlConnection(fixture.ApplicationConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var bind = new NpgsqlCommand("SELECT set_config('omniops.tenants', $1, true)", connection, transaction))
        {
            bind.Parameters.AddWithValue(a);
            await bind.ExecuteScalarAsync();
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO conversation_index VALUES ($1, 'c1', 'r1', 'web', now(), now())", connection, transaction);
        insert.Parameters.AddWithValue(b);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());
        Assert.Contains("row-level security", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyTheTenantKeysOpenToTheAllTenantsPathAndOnlyForReading()
    {
        var (a, b) = ("rls" + Guid.NewGuid().ToString("N")[..12], "rls" + Guid.NewGuid().ToString("N")[..12]);
        await SeedAsync(a);
        await SeedAsync(b);
        try
        {
            await using var connection = new NpgsqlConnection(fixture.ApplicationConnectionString);
            await connection.OpenAsync();
            Assert.Equal(2L, await AllTenantsAsync(connection, "SELECT count(*) FROM omniops_tenant_keys WHERE tenant_id IN ($1, $2)", a, b));
            Assert.Equal(0L, await AllTenantsAsync(connection, "SELECT count(*) FROM omniops_messages WHERE tenant_id IN ($1, $2)", a, b));
            Assert.Equal(0L, await AllTenantsAsync(connection, "SELECT count(*) FROM omniops_audit_events WHERE tenant_id IN ($1, $2)", a, b));
            Assert.Equal(0L, await AllTenantsAsync(connection, "WITH u AS (UPDATE omniops_tenant_keys SET kek_id = 'x' WHERE tenant_id IN ($1, $2) RETURNING 1) SELECT count(*) FROM u", a, b));
        }
        finally
        {
            await ForgetTenantKeysAsync(a, b);
        }
    }

    // The seeded tenant keys name a master key no silo has: left behind, they would fail the next start-up check.
    private Task ForgetTenantKeysAsync(string a, string b) =>
        Sql.ExecuteAsync(fixture.SuperuserConnectionString, "DELETE FROM omniops_tenant_keys WHERE tenant_id IN ($1, $2)", a, b);

    private static async Task<long> AllTenantsAsync(NpgsqlConnection connection, string sql, string a, string b)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var bind = new NpgsqlCommand("SELECT set_config('omniops.all_tenants', 'on', true)", connection, transaction))
        {
            await bind.ExecuteScalarAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue(a);
        command.Parameters.AddWithValue(b);
        var count = (long)(await command.ExecuteScalarAsync())!;
        await transaction.RollbackAsync();
        return count;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string table, string? tenants)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        if (tenants is not null)
        {
            await using var bind = new NpgsqlCommand("SELECT set_config('omniops.tenants', $1, true)", connection, transaction);
            bind.Parameters.AddWithValue(tenants);
            await bind.ExecuteScalarAsync();
        }

        // The query under test forgets its tenant filter.
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection, transaction);
        var count = (long)(await command.ExecuteScalarAsync())!;
        await transaction.CommitAsync();
        return count;
    }

    private async Task SeedAsync(string tenant)
    {
        foreach (var sql in Seed)
        {
            await Sql.ExecuteAsync(fixture.SuperuserConnectionString, sql, tenant);
        }
    }

    private static readonly string[] Seed =
    [
        "INSERT INTO conversation_index VALUES ($1, 'c1', 'r1', 'web', now(), now())",
        "INSERT INTO omniops_messages (tenant_id, conversation_id, seq, message_id, kind, channel, received_at) VALUES ($1, 'c1', 1, 'm1', 0, 'web', now())",
        """
        INSERT INTO omniops_audit_events (tenant_id, seq, occurred_at, actor_kind, actor_id, operation, outcome, details, prev_hash, hash)
        VALUES ($1, 1, now(), 0, 'seed', 'seed', 'success', '{}', '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea, sha256('seed'::bytea))
        """,
        "INSERT INTO omniops_compliance_requests (tenant_id, channel, delivery_id, topic, order_ids, received_at, effective_at) VALUES ($1, 'shopify', 'd1', 'customers/data_request', '{}', now(), now())",
        "INSERT INTO omniops_subject_keys VALUES ($1, 's1', 1, '\\x00'::bytea, now())",
        "INSERT INTO omniops_tenant_keys VALUES ($1, 1, 'seed', '\\x00'::bytea, now())",
        "INSERT INTO order_index VALUES ($1, 'o1', 'r1', now())",
        "INSERT INTO omniops_outbox (tenant_id, message_id, conversation_id, channel, next_attempt_at) VALUES ($1, 'm1', 'c1', 'web', 'infinity')",
        "INSERT INTO omniops_products VALUES ($1, 'p1', 'Mug', NULL, NULL, NULL, NULL, '{}', '[]', 'mug', now(), 'd1')",
    ];
}
