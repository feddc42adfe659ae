using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Offboarding's pages of Orleans rows on PostgreSQL, as the runtime role: each page answers exactly the rows it removed
/// (the receipt's <c>storageRows</c> is their sum, and a page of fewer rows than the limit ends the step), never the
/// running request's own row, never another tenant's.
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
}
