using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.Grains.Conversations;

namespace Omniops.Actors.Tests.Conversations;

/// <summary>The embedded node's conversation list pages exactly as PostgreSQL's does (activity descending, then id).</summary>
public sealed class InMemoryConversationListTests
{
    [Fact]
    public async Task TheEmbeddedStoreWalksEveryConversationOnceIncludingEquallyRecentOnes()
    {
        var store = new InMemoryMessageStore();
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        // Conversations c0..c8: c3, c4 and c5 are equally recent; the others one second apart.
        var times = new[] { 0, 1, 2, 3, 3, 3, 4, 5, 6 }.Select(s => start.AddSeconds(s)).ToArray();
        for (var i = 0; i < times.Length; i++)
        {
            Assert.True(await store.AppendAsync(new StoredMessage("tpager", $"c{i}", 1, $"m{i}", MessageKind.Customer, "generic", i % 2 == 0 ? "ueven" : "uodd",
                null, null, times[i], null, null, null)));
        }

        var seen = new List<string>();
        ConversationCursor? after = null;
        var pages = 0;
        do
        {
            var rows = await store.ListAsync("tpager", null, after, 2);
            seen.AddRange(rows.Select(r => r.ConversationId));
            after = rows.Count == 2 ? new ConversationCursor(rows[^1].LastActivityAt, rows[^1].ConversationId) : null;
            pages++;
        }
        while (after is not null);
        var odd = await store.ListAsync("tpager", "uodd", new ConversationCursor(times[4], "c4"), 10);

        Assert.Equal(["c8", "c7", "c6", "c3", "c4", "c5", "c2", "c1", "c0"], seen);
        Assert.Equal(5, pages);
        Assert.Equal(["c5", "c1"], odd.Select(r => r.ConversationId));
        Assert.Empty(await store.ListAsync("another-tenant", null, null, 10));
    }
}
