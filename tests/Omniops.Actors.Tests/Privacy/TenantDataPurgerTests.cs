using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Offboarding's pages of Orleans rows on PostgreSQL, as the runtime role: each page answers exactly the rows it removed
/// (the receipt's <c>storageRows</c> is their sum), never the running request's own row, never another tenant's; a page
/// of fewer rows than the limit does not end the step (a row updated while the page waited for it is skipped by that
/// page), only an empty one does.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantDataPurgerTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EachPageOfOrleansRowsAnswersExactlyTheRowsItRemovedAndLeavesTheRunningRequestsRowAndAnotherTenantsRows()
    {
        var (tenant, other) = (GrainKeys.NewTenantId(), GrainKeys.NewTenantId());
        var keep = tenant + "/request";
        foreach (var key in (string[])[tenant + "/a", tenant + "/b", tenant + "/c", keep, other + "/a"])
        {
            await Sql.ExecuteAsync(fixture.SuperuserConnectionString, """
                INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, version)
                VALUES (1, 0, 0, 1, 'purger-test', $1, 'purger-test', '\x00', 1)
                """, key);
        }

        foreach (var key in (string[])[tenant + "/a", tenant + "/d", other + "/a"])
        {
            await Sql.ExecuteAsync(fixture.SuperuserConnectionString, """
                INSERT INTO orleansstoragetombstone (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, version)
                VALUES (1, 0, 0, 1, 'purger-test', $1, 'purger-test', 1)
                """, key);
        }

        await using var dataSource = NpgsqlDataSource.Create(fixture.ApplicationConnectionString);
        var purger = new PostgresTenantDataPurger(dataSource);

        // Pages of at most 2 rows of each table: 2 state rows and 2 tombstones, then the third state row, then nothing.
        Assert.Equal(4, await purger.DeleteGrainRowsAsync(tenant, keep, 2));
        Assert.Equal(1, await purger.DeleteGrainRowsAsync(tenant, keep, 2));
        Assert.Equal(0, await purger.DeleteGrainRowsAsync(tenant, keep, 2));

        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring LIKE $1", tenant + "/%"));
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1", keep));
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstoragetombstone WHERE grainidextensionstring LIKE $1", tenant + "/%"));
        Assert.Equal(2, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT (SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1) + (SELECT count(*) FROM orleansstoragetombstone WHERE grainidextensionstring = $1)",
            other + "/a"));
    }

    [Fact]
    public async Task ARowUpdatedWhileAPageWaitsForItIsSkippedByThatPageAndTakenByTheNextSoTheStepEndsOnlyOnAnEmptyPage()
    {
        var tenant = GrainKeys.NewTenantId();
        foreach (var key in (string[])[tenant + "/a", tenant + "/b", tenant + "/c"])
        {
            await Sql.ExecuteAsync(fixture.SuperuserConnectionString, """
                INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, version)
                VALUES (1, 0, 0, 1, 'purger-test', $1, 'purger-test', '\x00', 1)
                """, key);
        }

        await using var dataSource = NpgsqlDataSource.Create(fixture.ApplicationConnectionString);
        var purger = new PostgresTenantDataPurger(dataSource);

        // An activation of the tenant saving its state as the tenant closes: its update holds the row while the page runs.
        await using var writer = new NpgsqlConnection(fixture.SuperuserConnectionString);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await using (var update = new NpgsqlCommand("UPDATE orleansstorage SET version = version + 1 WHERE grainidextensionstring = $1", writer, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant + "/a" });
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var pages = new List<int>();
        var step = TenantOffboarding.PagesAsync(new SerialSaves(() => Task.CompletedTask), () => purger.DeleteGrainRowsAsync(tenant, tenant + "/request", 10), pages.Add);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (await Sql.ScalarAsync(fixture.SuperuserConnectionString,
                   "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM orleansstorage %'") == 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The page never waited for the updated row.");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        await transaction.CommitAsync();
        await step;

        // The first page found three rows and took two: the updated row has a new tuple id by the time the page has its
        // lock. Fewer than the limit, yet not empty: the next page takes it, and only the empty one after ends the step.
        Assert.Equal([2, 1], pages);
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring LIKE $1", tenant + "/%"));
    }
}
