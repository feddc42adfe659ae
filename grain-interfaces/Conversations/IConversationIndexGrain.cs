using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>A tenant's conversation index (the table retention and erasure scan), for listing. Key: <c>{tenantId}</c>.</summary>
[TenantScoped, Alias("omniops.conversation-index")]
public interface IConversationIndexGrain : IGrainWithStringKey
{
    /// <summary>The most recently active conversations (of one customer when <paramref name="customerRef"/> is set).</summary>
    [Alias("list"), RequiresScope(Scopes.ConversationsRead)]
    Task<IReadOnlyList<ConversationSummary>> ListAsync(string? customerRef, int limit);
}
