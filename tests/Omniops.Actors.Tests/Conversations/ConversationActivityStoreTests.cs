using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Conversations;

/// <summary>
/// The store overview's aggregate (under row-level security as the runtime role, and in the embedded node's store):
/// messages per UTC day by kind, conversations started, and response times over turns — counts only, one tenant's.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationActivityStoreTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task Volumes_per_day_and_response_times_over_turns_count_only_the_tenants_own_messages_in_the_period(string kind)
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ApplicationConnectionString);
        var postgres = kind == "postgres" ? new PostgresMessageStore(dataSource, Options.Create(new ConversationOptions()), NullLogger<PostgresMessageStore>.Instance) : null;
        IMessageStore store = postgres ?? (IMessageStore)new InMemoryMessageStore();
        try
        {
            var (tenant, other) = (GrainKeys.NewLocalId('t'), GrainKeys.NewLocalId('t'));
            var (c1, c2, early) = (GrainKeys.NewLocalId('c'), GrainKeys.NewLocalId('c'), GrainKeys.NewLocalId('c'));
            var noon = Day1.AddHours(12);
            // c1: a turn of two customer messages answered after 60 s, a status, a turn answered by AI after 30 s, a second reply (no turn).
            (string Conversation, MessageKind Kind, DateTimeOffset At)[] messages =
            [
                (c1, MessageKind.Customer, noon), (c1, MessageKind.Customer, noon.AddSeconds(10)), (c1, MessageKind.Agent, noon.AddSeconds(60)),
                (c1, MessageKind.Status, noon.AddSeconds(61)), (c1, MessageKind.Customer, noon.AddSeconds(120)), (c1, MessageKind.Ai, noon.AddSeconds(150)),
                (c1, MessageKind.Agent, noon.AddSeconds(200)),
                // c2, the next day: a question still waiting.
                (c2, MessageKind.Customer, noon.AddDays(1)),
                // Before the period: neither counted nor started.
                (early, MessageKind.Customer, Day1.AddDays(-3)),
            ];
            var sequences = new Dictionary<string, long>();
            foreach (var (conversation, messageKind, at) in messages)
            {
                var seq = sequences[conversation] = sequences.GetValueOrDefault(conversation) + 1;
                Assert.True(await store.AppendAsync(Message(tenant, conversation, seq, messageKind, at)));
            }

            Assert.True(await store.AppendAsync(Message(other, c1, 1, MessageKind.Customer, noon)));
            Assert.True(await store.AppendAsync(Message(other, c1, 2, MessageKind.Agent, noon.AddSeconds(5))));

            var activity = await store.SummariseActivityAsync(tenant, Day1, Day1.AddDays(7));

            Assert.Equal(
                [new DailyVolume(Day1, 3, 2, 1, 1), new DailyVolume(Day1.AddDays(1), 1, 0, 0, 1)],
                activity.Days.Select(d => d with { Day = d.Day.ToUniversalTime() }));
            Assert.Equal((2L, 1L), (activity.AnsweredTurns, activity.AwaitingReply));
            Assert.Equal(45, activity.MedianResponseSeconds!.Value, 3);
            Assert.Equal(57, activity.P90ResponseSeconds!.Value, 3);

            var empty = await store.SummariseActivityAsync(GrainKeys.NewLocalId('t'), Day1, Day1.AddDays(7));
            Assert.Equal((0, 0L, 0L, (double?)null), (empty.Days.Count, empty.AnsweredTurns, empty.AwaitingReply, empty.MedianResponseSeconds));
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }
    }

    private static StoredMessage Message(string tenant, string conversation, long seq, MessageKind kind, DateTimeOffset at) =>
        new(tenant, conversation, seq, $"{conversation}-{seq}", kind, "generic", "customer-ref", null, null, at, null, [1, 2, 3], null);
}
