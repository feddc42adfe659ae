using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Conversations;

/// <summary>
/// The inbox's pages in both directions (PostgreSQL as the runtime role under row-level security, and the embedded
/// node's store), and what one page costs on PostgreSQL: a range scan of the list's index that reads the page's rows,
/// not the pages before it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationListPageTests(ClusterFixture fixture)
{
    private const int PageSize = 50;

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Walking_the_list_older_then_back_newer_gives_the_same_pages_including_equally_recent_conversations(string kind)
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ApplicationConnectionString);
        var postgres = kind == "postgres" ? new PostgresMessageStore(dataSource, Options.Create(new ConversationOptions()), NullLogger<PostgresMessageStore>.Instance) : null;
        IMessageStore store = postgres ?? (IMessageStore)new InMemoryMessageStore();
        try
        {
            var (tenant, other) = (GrainKeys.NewLocalId('t'), GrainKeys.NewLocalId('t'));
            var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
            // 23 conversations; every third shares its activity time with the one before (ties are ordered by id).
            var rows = Enumerable.Range(0, 23).Select(i => (Id: GrainKeys.NewLocalId('v'), At: start.AddSeconds(i - (i % 3 == 2 ? 1 : 0)))).ToList();
            foreach (var (id, at) in rows)
            {
                Assert.True(await store.AppendAsync(new StoredMessage(tenant, id, 1, id + "-1", MessageKind.Customer, "generic", "customer-ref", null, null, at, null, [1], null)));
            }

            Assert.True(await store.AppendAsync(new StoredMessage(other, rows[0].Id, 1, "x-1", MessageKind.Customer, "generic", "customer-ref", null, null, start.AddDays(1), null, [1], null)));
            var expected = rows.OrderByDescending(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id).ToList();

            var forward = new List<List<string>>();
            ConversationCursor? after = null;
            do
            {
                var page = await store.ListAsync(tenant, null, after, 5);
                forward.Add([.. page.Select(r => r.ConversationId)]);
                after = page.Count == 5 ? new ConversationCursor(page[^1].LastActivityAt, page[^1].ConversationId) : null;
            }
            while (after is not null);

            // Back from the last page: each page before is the nearest five, newest first once reversed.
            var backward = new List<List<string>>();
            var first = expected[20];
            var firstAt = rows.Single(r => r.Id == first).At;
            while (true)
            {
                var page = await store.ListNewerAsync(tenant, null, new ConversationCursor(firstAt, first), 5);
                if (page.Count == 0)
                {
                    break;
                }

                backward.Insert(0, [.. page.Reverse().Select(r => r.ConversationId)]);
                (first, firstAt) = (page[^1].ConversationId, page[^1].LastActivityAt);
            }

            Assert.Equal(expected, forward.SelectMany(p => p));
            Assert.Equal([5, 5, 5, 5, 3], forward.Select(p => p.Count));
            Assert.Equal(forward.Take(4), backward);
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_deep_page_either_way_is_one_index_range_scan_that_reads_one_page_of_rows_not_the_pages_before_it()
    {
        var tenant = GrainKeys.NewLocalId('t');
        // 2,000 conversations, a minute apart, every fourth as recent as the one before: page 21 of 40 is deep.
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, """
            INSERT INTO conversation_index (tenant_id, conversation_id, customer_ref, channel, created_at, last_activity_at)
            SELECT $1, 'v' || lpad(g::text, 6, '0'), 'c' || (g % 300), 'generic', now() - interval '30 days',
                   now() - (g - (CASE WHEN g % 4 = 3 THEN 1 ELSE 0 END)) * interval '1 minute'
            FROM generate_series(1, 2000) g
            """, tenant);
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, "ANALYZE conversation_index");
        await using var dataSource = NpgsqlDataSource.Create(fixture.ApplicationConnectionString);
        var all = await ListedAsync(dataSource, tenant, PostgresMessageStore.ListSql, null, 2000);
        var at = (all[999].At, all[999].Id);
        var pageAfter = await ListedAsync(dataSource, tenant, PostgresMessageStore.ListSql, at, PageSize + 1);
        var pageBefore = await ListedAsync(dataSource, tenant, PostgresMessageStore.ListNewerSql, at, PageSize + 1);

        var top = await ExplainAsync(dataSource, tenant, PostgresMessageStore.ListSql, null);
        var older = await ExplainAsync(dataSource, tenant, PostgresMessageStore.ListSql, at);
        var newer = await ExplainAsync(dataSource, tenant, PostgresMessageStore.ListNewerSql, at);

        Assert.Equal(all.Skip(1000).Take(PageSize + 1).Select(r => r.Id), pageAfter.Select(r => r.Id));
        Assert.Equal(all.Take(999).TakeLast(PageSize + 1).Reverse().Select(r => r.Id), pageBefore.Select(r => r.Id));
        foreach (var (name, plan) in new[] { ("top", top), ("older", older), ("newer", newer) })
        {
            var nodes = Nodes(plan);
            Assert.DoesNotContain(nodes, n => n.GetProperty("Node Type").GetString()!.Contains("Sort", StringComparison.Ordinal));
            var scan = Assert.Single(nodes, n => n.TryGetProperty("Relation Name", out var relation) && relation.GetString() == "conversation_index");
            Assert.Equal("Index Scan", scan.GetProperty("Node Type").GetString());
            Assert.Equal("ix_conversation_index_recent", scan.GetProperty("Index Name").GetString());
            var read = scan.GetProperty("Actual Rows").GetInt64() + (scan.TryGetProperty("Rows Removed by Filter", out var removed) ? removed.GetInt64() : 0);
            // The page and the row that says another follows, plus at most the cursor's own row and its equally recent neighbour.
            Assert.True(read is >= PageSize + 1 and <= PageSize + 3, $"{name}: the scan read {read} rows for a page of {PageSize}:\n{plan}");
        }
    }

    private static async Task<List<(DateTimeOffset At, string Id)>> ListedAsync(NpgsqlDataSource dataSource, string tenant, string sql, (DateTimeOffset At, string Id)? cursor, int limit)
    {
        var list = new List<(DateTimeOffset, string)>();
        await using var reader = await RunAsync(dataSource, tenant, sql, cursor, limit);
        while (await reader.ReadAsync())
        {
            list.Add((new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero), reader.GetString(0)));
        }

        return list;
    }

    /// <summary>EXPLAIN ANALYZE of the store's own statement with its own parameters, as the runtime role bound to the tenant.</summary>
    private static async Task<string> ExplainAsync(NpgsqlDataSource dataSource, string tenant, string sql, (DateTimeOffset At, string Id)? cursor)
    {
        await using var reader = await RunAsync(dataSource, tenant, "EXPLAIN (ANALYZE, FORMAT JSON) " + sql, cursor, PageSize + 1);
        Assert.True(await reader.ReadAsync());
        return reader.GetString(0);
    }

    private static async Task<NpgsqlDataReader> RunAsync(NpgsqlDataSource dataSource, string tenant, string sql, (DateTimeOffset At, string Id)? cursor, int limit)
    {
        // The reader closes the batch's connection when it is disposed (the batch holds nothing else).
#pragma warning disable CA2000
        var batch = dataSource.CreateBatch();
#pragma warning restore CA2000
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('omniops.tenants', $1, true)") { Parameters = { new NpgsqlParameter<string> { TypedValue = tenant } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(sql)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = tenant },
                new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter { Value = cursor is { } c ? c.At : (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                new NpgsqlParameter { Value = cursor is { } d ? d.Id : (object)DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter<int> { TypedValue = limit },
            },
        });
        var reader = await batch.ExecuteReaderAsync(System.Data.CommandBehavior.CloseConnection);
        await reader.NextResultAsync();
        return reader;
    }

    private static List<JsonElement> Nodes(string plan)
    {
        using var document = JsonDocument.Parse(plan);
        var nodes = new List<JsonElement>();
        var stack = new Stack<JsonElement>([document.RootElement[0].GetProperty("Plan").Clone()]);
        while (stack.TryPop(out var node))
        {
            nodes.Add(node);
            if (node.TryGetProperty("Plans", out var children))
            {
                foreach (var child in children.EnumerateArray())
                {
                    stack.Push(child);
                }
            }
        }

        return nodes;
    }
}
