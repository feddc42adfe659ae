using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Offboarding's pages on PostgreSQL, as the runtime role: each page takes every open kind at once (a key range of
/// conversations with their messages, Orleans rows, reminders) and answers exactly what it removed per kind (the
/// receipt's counts are their sums, and a kind that took fewer rows than the limit is done), with where the next page
/// of conversations ends; never the running request's own row or reminder, never another tenant's.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TenantDataPurgerTests(ClusterFixture fixture)
{
    [Fact]
    public async Task EachPageTakesAPageOfEveryOpenKindAnswersExactlyWhatItRemovedAndLeavesTheRunningRequestAndAnotherTenant()
    {
        var (tenant, other) = (GrainKeys.NewTenantId(), GrainKeys.NewTenantId());
        var keep = tenant + "/request";
        var keepGrain = "privacy-request/" + keep;
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

        foreach (var grain in (string[])["customer/" + tenant + "/a", "retention/" + tenant, "conversation/" + tenant + "/b", keepGrain, "customer/" + other + "/a"])
        {
            await Sql.ExecuteAsync(fixture.SuperuserConnectionString, """
                INSERT INTO orleansreminderstable (serviceid, grainid, remindername, starttime, period, grainhash, version)
                VALUES ('purger-test', $1, 'r', now(), 60000, 1, 1)
                """, grain);
        }

        await using var dataSource = NpgsqlDataSource.Create(fixture.ApplicationConnectionString);
        var store = new PostgresMessageStore(dataSource, Options.Create(new ConversationOptions()), NullLogger<PostgresMessageStore>.Instance);
        try
        {
            // Five conversations in key order, the third with two messages; another tenant's with the first one's id.
            var ids = Enumerable.Range(0, 5).Select(_ => GrainKeys.NewLocalId('c')).Order(StringComparer.Ordinal).ToList();
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                for (var seq = 1; seq <= (i == 2 ? 2 : 1); seq++)
                {
                    Assert.True(await store.AppendAsync(Message(tenant, id, seq)));
                }
            }

            Assert.True(await store.AppendAsync(Message(other, ids[0], 1)));
            var purger = new PostgresTenantDataPurger(dataSource);

            // Pages of at most 2 rows per table (2 conversations a page). The first: conversations 0-1, 2 state rows and
            // 2 tombstones, 2 reminders; no tenant rows, so that kind is done.
            var request = new TenantPageRequest(TenantPageKinds.All, null, await store.FindConversationPageEndAsync(tenant, null, 2), 2, keep, "request", keepGrain);
            Assert.Equal(ids[1], request.UpTo);
            var page = await purger.DeletePageAsync(tenant, request);
            Assert.Equal(new TenantPage(2, 2, ids[3], 4, 0, 2), page);
            request = request with { Kinds = page.StillOpen(request), After = request.UpTo, UpTo = page.NextUpTo };
            Assert.Equal(TenantPageKinds.Conversations | TenantPageKinds.GrainRows | TenantPageKinds.Reminders, request.Kinds);

            // The second: conversations 2-3 (three messages), the third state row, the third reminder; no more than a page
            // of conversations is left after it, so the next has no end. Orleans rows and reminders are done.
            page = await purger.DeletePageAsync(tenant, request);
            Assert.Equal(new TenantPage(2, 3, null, 1, 0, 1), page);
            request = request with { Kinds = page.StillOpen(request), After = request.UpTo, UpTo = page.NextUpTo };
            Assert.Equal(TenantPageKinds.Conversations, request.Kinds);

            // The last takes whatever is left, and then nothing is open.
            page = await purger.DeletePageAsync(tenant, request);
            Assert.Equal(new TenantPage(1, 1, null, 0, 0, 0), page);
            Assert.Equal(TenantPageKinds.None, page.StillOpen(request));
            foreach (var id in ids)
            {
                Assert.Null(await store.ReadConversationAsync(tenant, id));
            }

            Assert.NotNull(await store.ReadConversationAsync(other, ids[0]));
        }
        finally
        {
            await store.DisposeAsync();
        }

        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring LIKE $1", tenant + "/%"));
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1", keep));
        Assert.Equal(0, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstoragetombstone WHERE grainidextensionstring LIKE $1", tenant + "/%"));
        Assert.Equal(2, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT (SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1) + (SELECT count(*) FROM orleansstoragetombstone WHERE grainidextensionstring = $1)",
            other + "/a"));
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansreminderstable WHERE split_part(grainid, '/', 2) = $1", tenant));
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansreminderstable WHERE grainid = $1", keepGrain));
        Assert.Equal(1, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansreminderstable WHERE split_part(grainid, '/', 2) = $1", other));
    }

    private static StoredMessage Message(string tenant, string conversation, long seq) =>
        new(tenant, conversation, seq, $"{conversation}-{seq}", MessageKind.Customer, "generic", "customer-ref", null, null, DateTimeOffset.UtcNow, null, [1, 2, 3], null);
}
