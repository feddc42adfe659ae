using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// Offboarding's conversation pages (ranges of the primary key, under row-level security as the runtime role, and in the
/// embedded node's store): every page is whole, pages are disjoint ranges, finding them again after an interruption
/// pages over what is left, and nothing of another tenant goes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationPageStoreTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task ATenantsConversationsLeaveInWholeDisjointKeyRangesThatResumeWhereAnInterruptionLeftThemAndNoOtherTenantsGo(string kind)
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

            Assert.Equal(ids[1], await store.FindConversationPageEndAsync(tenant, null, 2));
            Assert.Equal(ids[3], await store.FindConversationPageEndAsync(tenant, ids[1], 2));
            Assert.Null(await store.FindConversationPageEndAsync(tenant, ids[3], 2));

            // Pages are disjoint ranges (offboarding deletes two at once): the second page first leaves the first whole.
            Assert.Equal(new DeletedConversations(2, 3), await store.DeleteConversationRangeAsync(tenant, ids[1], ids[3]));
            Assert.NotNull(await store.ReadConversationAsync(tenant, ids[0]));
            Assert.NotNull(await store.ReadConversationAsync(tenant, ids[1]));
            Assert.NotNull(await store.ReadConversationAsync(tenant, ids[4]));

            // Interrupted here: finding the pages again pages over what is left.
            Assert.Equal(ids[1], await store.FindConversationPageEndAsync(tenant, null, 2));
            Assert.Null(await store.FindConversationPageEndAsync(tenant, ids[1], 2));
            Assert.Equal(new DeletedConversations(2, 2), await store.DeleteConversationRangeAsync(tenant, null, ids[1]));

            // No more than a page left: no end, and the last page takes whatever is left.
            Assert.Null(await store.FindConversationPageEndAsync(tenant, null, 2));
            Assert.Equal(new DeletedConversations(1, 1), await store.DeleteConversationRangeAsync(tenant, ids[1], null));
            Assert.Equal(new DeletedConversations(0, 0), await store.DeleteConversationRangeAsync(tenant, null, null));
            foreach (var id in ids)
            {
                Assert.Null(await store.ReadConversationAsync(tenant, id));
            }

            Assert.NotNull(await store.ReadConversationAsync(other, ids[0]));
            Assert.Single(await store.ReadMessagesAsync(other, ids[0], 0, 10));
            Assert.Equal(new DeletedConversations(1, 1), await store.DeleteConversationRangeAsync(other, null, null));
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
