using Npgsql;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// The operators' gauge of privacy requests by state and overdue (migration 0026): the runtime role counts every
/// tenant's requests through the owner's definer function, gets aggregates only, and still cannot read another
/// tenant's rows itself.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PrivacyRequestCountTests(ClusterFixture fixture)
{
    [Fact]
    public async Task TheRuntimeRoleCountsEveryTenantsRequestsByStateAndOverdueWithoutSeeingAnyRow()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ApplicationConnectionString);
        var store = new PostgresPrivacyRequestStore(dataSource, dataSource);
        var before = await store.CountAsync(DateTimeOffset.UtcNow);
        var (first, second) = ($"count-a-{Guid.NewGuid():N}", $"count-b-{Guid.NewGuid():N}");
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, """
            INSERT INTO omniops_privacy_requests (tenant_id, request_id, kind, status, source, received_at, due_at, completed_at) VALUES
              ($1, 'r1', 0, 0, 0, now() - interval '40 days', now() - interval '10 days', NULL),
              ($1, 'r2', 0, 1, 0, now(), now() + interval '30 days', NULL),
              ($1, 'r3', 0, 2, 0, now() - interval '40 days', now() - interval '10 days', now()),
              ($2, 'r1', 0, 1, 0, now() - interval '40 days', now() - interval '1 day', NULL)
            """, first, second);

        var after = await store.CountAsync(DateTimeOffset.UtcNow);
        long Delta(PrivacyRequestStatus status, Func<PrivacyRequestCount, long> value) =>
            after.Where(c => c.Status == status).Sum(value) - before.Where(c => c.Status == status).Sum(value);
        var columns = await ColumnsAsync(fixture.ApplicationConnectionString, "SELECT * FROM omniops_privacy_request_counts()");
        // The flag the function sets admits only the table's owner: set by the runtime role, it shows no row.
        var visibleWithFlag = await CountWithFlagAsync(fixture.ApplicationConnectionString);

        Assert.Equal(1, Delta(PrivacyRequestStatus.Received, c => c.Requests));
        Assert.Equal(2, Delta(PrivacyRequestStatus.InProgress, c => c.Requests));
        Assert.Equal(1, Delta(PrivacyRequestStatus.Completed, c => c.Requests));
        Assert.Equal(2, after.Sum(c => c.Overdue) - before.Sum(c => c.Overdue));
        Assert.Equal(["status", "requests", "overdue"], columns);
        Assert.Equal(0, visibleWithFlag);
    }

    private static async Task<string[]> ColumnsAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)];
    }

    private static async Task<long> CountWithFlagAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var flag = new NpgsqlCommand("SELECT set_config('omniops.privacy_counting', 'on', true)", connection, transaction))
        {
            await flag.ExecuteScalarAsync();
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM omniops_privacy_requests", connection, transaction);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
