using Omniops.Actors.GrainInterfaces.Ai;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Conversations;

/// <summary>
/// One conversation of a tenant: its messages in the order they arrived (message bodies and attachment metadata
/// sealed under the customer's key), its channel and times. Key: <c>{tenantId}/{conversationId}</c>. Messages are
/// appended one at a time, so each has its place in the sequence before the next is accepted.
/// </summary>
[TenantScoped, Alias("omniops.conversation")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Stores a delivered message or status once; a redelivery answers <see cref="IngestResult.Duplicate"/>.</summary>
    [Alias("append"), RequiresScope(Scopes.ChannelsIngest)]
    Task<IngestResult> AppendAsync(ConversationDelivery delivery);

    /// <summary>Up to <paramref name="limit"/> messages after sequence <paramref name="after"/>, decrypted for the agent.</summary>
    [Alias("get"), RequiresScope(Scopes.ConversationsRead)]
    Task<ConversationView> GetAsync(long after, int limit);

    /// <summary>A human agent's reply (the caller is the agent).</summary>
    [Alias("reply"), RequiresScope(Scopes.ConversationsWrite)]
    Task<IngestResult> ReplyAsync(string text);

    /// <summary>
    /// Sends one stored outbound message (an agent's or approved AI reply) to the customer's channel through the
    /// channel's credential grain: the text is opened here, under the subject key, and leaves only in the request. The
    /// outbox's work (<see cref="IOutboxGrain"/>), never an HTTP route's.
    /// </summary>
    [Alias("send-outbound"), RequiresScope(Scopes.ChannelsSend)]
    Task<OutboundOutcome> SendOutboundAsync(string messageId);

    /// <summary>Drops what this activation holds (record, subject key) and deactivates: the next call re-reads and re-admits.</summary>
    [Alias("forget"), RequiresScope(Scopes.PrivacyErase)]
    Task ForgetAsync();

    /// <summary>
    /// Asks the AI provider for a reply (minimised, policy-gated, audited). The draft is held in this activation's memory
    /// for review, never stored; with the tenant's auto-send and no proposed action it is stored as an AI message at once.
    /// </summary>
    [Alias("ai-draft"), RequiresScope(Scopes.AiDraft)]
    Task<AiDraft> DraftAsync();

    /// <summary>Stores the held draft (or <paramref name="editedText"/>) as an AI message with the caller as its reviewer.</summary>
    [Alias("ai-approve"), RequiresScope(Scopes.AiDraft)]
    Task<IngestResult> ApproveDraftAsync(string draftId, string? editedText);

    /// <summary>Drops the held draft.</summary>
    [Alias("ai-reject"), RequiresScope(Scopes.AiDraft)]
    Task RejectDraftAsync(string draftId);

    /// <summary>Drops the held draft and drafts anew.</summary>
    [Alias("ai-regenerate"), RequiresScope(Scopes.AiDraft)]
    Task<AiDraft> RegenerateDraftAsync(string draftId);

    /// <summary>
    /// The drafts this activation holds for review, oldest first (for the dashboard's thread page); without a configured
    /// provider, AI is unavailable like every AI call.
    /// </summary>
    [Alias("ai-drafts"), RequiresScope(Scopes.AiDraft)]
    Task<IReadOnlyList<AiDraft>> ListDraftsAsync();
}
