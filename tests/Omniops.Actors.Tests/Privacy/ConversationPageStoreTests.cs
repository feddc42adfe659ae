using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Offboarding's conversation pages (under row-level security as the runtime role, and in the embedded node's store):
/// no page takes more than its limit of any table, the pages together take every conversation and message of the
/// tenant and say when nothing is left, and nothing of another tenant goes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationPageStoreTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task ATenantsConversationsLeaveInBoundedPagesUntilNoneIsLeftAndNoOtherTenantsGo(string kind)
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ApplicationConnectionString);
        var postgres = kind == "postgres" ? new PostgresMessageStore(dataSource, Options.Create(new ConversationOptions()), NullLogger<PostgresMessageStore>.Instance) : null;
        IMessageStore store = postgres ?? (IMessageStore)new InMemoryMessageStore();
        try
        {
            var (tenant, other) = (GrainKeys.NewLocalId('t'), GrainKeys.NewLocalId('t'));
            var ids = Enumerable.Range(0, 5).Select(_ => GrainKeys.NewLocalId('c')).Order(StringComparer.Ordinal).ToList();
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                // The third conversation holds two messages, the others one.
                for (var seq = 1; seq <= (i == 2 ? 2 : 1); seq++)
                {
                    Assert.True(await store.AppendAsync(Message(tenant, id, seq)));
                }
            }

            Assert.True(await store.AppendAsync(Message(other, ids[0], 1)));

            // Messages and conversations in pages of at most two (the memory store keeps messages inside their
            // conversation, so its conversation pages take what messages are left with them), each until a page is
            // not full. Two message pages first: a conversation may go before or after its messages, and the counts
            // of all pages together are exact either way.
            var (conversations, messages, pages) = (0, 0L, 0);
            async Task<ErasedPage> PageAsync(Func<Task<ErasedPage>> next)
            {
                var page = await next();
                pages++;
                Assert.InRange(page.Deleted.Conversations, 0, 2);
                if (postgres is not null)
                {
                    Assert.InRange(page.Deleted.Messages, 0, 2);
                }

                (conversations, messages) = (conversations + page.Deleted.Conversations, messages + page.Deleted.Messages);
                Assert.True(pages <= 12, "offboarding's pages must come to an end");
                return page;
            }

            Assert.True((await PageAsync(() => store.DeleteMessagePageAsync(tenant, 2))).MayHaveMore);
            Assert.True((await PageAsync(() => store.DeleteMessagePageAsync(tenant, 2))).MayHaveMore);
            Assert.Equal((0, 4L), (conversations, messages));
            while ((await PageAsync(() => store.DeleteConversationPageAsync(tenant, 2))).MayHaveMore)
            {
            }

            while ((await PageAsync(() => store.DeleteMessagePageAsync(tenant, 2))).MayHaveMore)
            {
            }

            Assert.Equal((5, 6L), (conversations, messages));
            // Nothing left: a page after the last removes nothing and says so.
            Assert.Equal(new ErasedPage(new DeletedConversations(0, 0), false), await store.DeleteConversationPageAsync(tenant, 2));
            Assert.Equal(new ErasedPage(new DeletedConversations(0, 0), false), await store.DeleteMessagePageAsync(tenant, 2));
            foreach (var id in ids)
            {
                Assert.Null(await store.ReadConversationAsync(tenant, id));
                Assert.Empty(await store.ReadMessagesAsync(tenant, id, 0, 10));
            }

            Assert.NotNull(await store.ReadConversationAsync(other, ids[0]));
            Assert.Single(await store.ReadMessagesAsync(other, ids[0], 0, 10));
            Assert.Equal(1L, (await store.DeleteMessagePageAsync(other, 10)).Deleted.Messages + (await store.DeleteConversationPageAsync(other, 10)).Deleted.Messages);
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }
    }

    private static StoredMessage Message(string tenant, string conversation, long seq) =>
        new(tenant, conversation, seq, $"{conversation}-{seq}", MessageKind.Customer, "generic", "customer-ref", null, null, DateTimeOffset.UtcNow, null, [1, 2, 3], null);
}
