using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Actions;
using Omniops.Actors.GrainInterfaces.Ai;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Ai;
using Omniops.Actors.Grains.Ai.Drafting;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Grains.Orders;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;
using Orleans.Serialization;

namespace Omniops.Actors.Grains.Conversations;

/// <summary>
/// One conversation. Not reentrant: an append gets its sequence number, is stored (group-committed with other
/// conversations' appends) and only then is the next one taken, so the stored order is the order of acceptance and
/// has no gaps. Message bodies and attachment metadata are sealed under the customer's subject key, bound to this
/// grain and the message id. The state lives in <see cref="IMessageStore"/>, not in Orleans grain storage. Reads of
/// the decrypted messages are audited (<c>conversation.read</c>, coalesced per actor by <see cref="ReadAuditLedger"/>)
/// and fail closed when the trail cannot record them.
/// </summary>
public sealed partial class ConversationGrain(
    IMessageStore store,
    SubjectKeyring subjectKeys,
    Serializer serializer,
    TimeProvider time,
    IOptions<AuditOptions> auditOptions,
    IOptions<WhatsAppOptions> whatsAppOptions,
    ILogger<ConversationGrain> logger) : Grain, IConversationGrain
{
    private const int MaxTextLength = 16_384;

    /// <summary>How many drafts one conversation holds for review; the oldest is dropped beyond.</summary>
    private const int MaxDrafts = 16;

    /// <summary>The reviewer recorded on an AI reply the tenant's auto-send stored without human review.</summary>
    public const string AutoSendReviewer = "auto-send";

    private static readonly TimeSpan IndexStep = TimeSpan.FromMinutes(1);

    private ConversationRecord? _record;
    private DateTimeOffset _indexTouchedAt = DateTimeOffset.MinValue;
    private bool _stale = true;
    private bool _admitted;

    private AbsentRecordRetirement? _absent;
    private DataKey? _subjectKey;
    private string? _grainIdText;
    private ReadAuditLedger? _reads;

    // AI drafts awaiting review: in this activation's memory only, never stored (no thread storage). A draft lost with
    // the activation (deactivation, crash, erasure) is drafted anew.
    private readonly Dictionary<string, AiDraft> _drafts = new(StringComparer.Ordinal);

    private string TenantId => GrainKeys.TenantOf(this.GetPrimaryKeyString());

    private string ConversationId => GrainKeys.LocalOf(this.GetPrimaryKeyString());

    public async Task<IngestResult> AppendAsync(ConversationDelivery delivery)
    {
        if (!GrainKeys.IsValidId(delivery.MessageId) || !GrainKeys.IsValidId(delivery.CustomerRef))
        {
            throw new RequestValidationException("The delivery's ids are not valid.");
        }

        if (delivery.Kind is not (MessageKind.Customer or MessageKind.Status))
        {
            // A channel delivers the customer's messages and statuses; replies are written here, and only replies are sent out.
            throw new RequestValidationException("A delivery is a customer's message or a status.");
        }

        await LoadAsync();
        if (_record is not null && _record.Summary.CustomerRef != delivery.CustomerRef)
        {
            throw new RequestValidationException("This conversation belongs to another customer.");
        }

        if (!_admitted)
        {
            // Once per activation, the customer admits the conversation (idempotent; writes only the first time). While the
            // customer is being erased it refuses, so an activation the erasure has deactivated cannot add to the subject.
            await GrainFactory.GetCustomerGrain(TenantId, delivery.CustomerRef).AddConversationAsync(ConversationId);
            _admitted = true;
        }

        var key = _subjectKey ??= await subjectKeys.GetOrCreateAsync(TenantId, delivery.CustomerRef);
        var stored = await StoreAsync(delivery.MessageId, delivery.Kind, delivery.Channel, delivery.CustomerRef, null,
            delivery.SentAt, delivery.Status, Seal(key, "message/" + delivery.MessageId, delivery.Text),
            delivery.Attachments.Count == 0 ? null : EncryptedFieldCodec.ToBytes(FieldCipher.Seal(key, GrainIdText, "attachments/" + delivery.MessageId, serializer.SerializeToArray(delivery.Attachments))),
            delivery.ChannelAccount);
        return new IngestResult(ConversationId, delivery.MessageId, !stored);
    }

    public async Task<ConversationView> GetAsync(long after, int limit)
    {
        if (after < 0 || limit is < 1 or > 500)
        {
            throw new RequestValidationException("after must be 0 or more and limit 1-500.");
        }

        var record = await RequireAsync();
        var rows = await store.ReadMessagesAsync(TenantId, ConversationId, after, limit);
        var key = rows.Any(r => r.Body is not null || r.Attachments is not null)
            ? _subjectKey ??= await subjectKeys.GetAsync(TenantId, record.Summary.CustomerRef)
            : null;
        var messages = rows.Select(r => new MessageView(
            r.MessageId, r.Sequence, r.Kind,
            r.Body is null ? null : FieldCipher.OpenString(key!, GrainIdText, "message/" + r.MessageId, EncryptedFieldCodec.FromBytes(r.Body)),
            r.Attachments is null ? [] : serializer.Deserialize<IReadOnlyList<AttachmentMetadata>>(
                FieldCipher.Open(key!, GrainIdText, "attachments/" + r.MessageId, EncryptedFieldCodec.FromBytes(r.Attachments)))!,
            r.SentAt, r.ReceivedAt, r.Status, r.ActorId)).ToList();
        _reads ??= new ReadAuditLedger(auditOptions.Value.ReadAuditPeriod, time);
        await _reads.AuditAsync(GrainFactory, TenantId, "conversation.read", ConversationId);
        return new ConversationView(record.Summary, messages, messages.Count == limit ? messages[^1].Sequence : null);
    }

    public async Task<IngestResult> ReplyAsync(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            throw new RequestValidationException($"text must be 1-{MaxTextLength} characters.");
        }

        var messageId = await StoreReplyAsync(text, MessageKind.Agent, CallerContext.Current!.ActorId, "conversation.reply", null);
        return new IngestResult(ConversationId, messageId, false);
    }

    public async Task<OutboundOutcome> SendOutboundAsync(string messageId)
    {
        await LoadAsync();
        if (_record is null || await store.ReadMessageAsync(TenantId, ConversationId, messageId) is not { Outbound: true, Body: { } body } message)
        {
            return OutboundOutcome.Gone;
        }

        string text;
        string? address;
        try
        {
            var key = _subjectKey ??= await subjectKeys.GetAsync(TenantId, _record.Summary.CustomerRef);
            text = FieldCipher.OpenString(key, GrainIdText, "message/" + messageId, EncryptedFieldCodec.FromBytes(body));
            address = await GrainFactory.GetCustomerGrain(TenantId, _record.Summary.CustomerRef).GetReplyAddressAsync();
        }
        catch (SubjectErasedException)
        {
            return OutboundOutcome.Gone;
        }

        try
        {
            // The text leaves only in the request handed to the channel's credential grain, which adds the secret in place.
            var response = message.Channel switch
            {
                ChannelNames.WhatsApp when address is not null && _record.ChannelAccount is { } account =>
                    await GrainFactory.GetCredentialGrain(TenantId, ChannelNames.WhatsAppToken).SendAsync(new OutboundRequest("POST",
                        new Uri($"{whatsAppOptions.Value.GraphBaseUrl.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(account)}/messages"),
                        Body: OutboundMessages.WhatsApp(address, text, message.Kind), ContentType: "application/json")),
                ChannelNames.Generic =>
                    await GrainFactory.GetCredentialGrain(TenantId, ChannelNames.GenericOutbound).PostSignedAsync(
                        OutboundMessages.Generic(messageId, ConversationId, address, text, message.Kind, message.SentAt ?? message.ReceivedAt), messageId),
                _ => null,
            };
            return response switch
            {
                // A channel this conversation cannot be answered on (no recipient, no business account, no sender).
                null => OutboundOutcome.Failed,
                { Status: >= 200 and < 300 } => OutboundOutcome.Sent,
                { Status: 408 or 429 or >= 500 } => OutboundOutcome.Retry,
                _ => OutboundOutcome.Failed,
            };
        }
        catch (Exception exception) when (exception is not OrleansException)
        {
            // No credential yet, a host not allowed, a network failure: the outbox tries again, and gives up in time.
            LogSendFailed(logger, ConversationId, exception.GetType().Name);
            return OutboundOutcome.Retry;
        }
    }

    public Task ForgetAsync()
    {
        (_record, _stale, _admitted, _subjectKey, _reads) = (null, true, false, null, null);
        _drafts.Clear();
        _indexTouchedAt = DateTimeOffset.MinValue;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task<AiDraft> DraftAsync()
    {
        var record = await RequireAsync();
        var customerRef = record.Summary.CustomerRef;
        var key = _subjectKey ??= await subjectKeys.GetAsync(TenantId, customerRef);
        // The customer's orders are sealed under the same subject key this activation holds: opened with it, not one
        // key read per order. The messages are read while the drafter reads the customer and the orders.
        var outcome = await ServiceProvider.GetRequiredService<AiDrafter>().DraftAsync(GrainFactory, TenantId, ConversationId, customerRef,
            () => ReadTurnsAsync(record, key),
            orderIds => SealedOrders.ReadAsync(GrainFactory, TenantId, customerRef, orderIds, key, serializer),
            CancellationToken.None);
        var draftId = GrainKeys.NewLocalId('d');
        var text = outcome.Text.Length > MaxTextLength ? outcome.Text[..MaxTextLength] : outcome.Text;
        if (outcome.AutoSend && outcome.ProposedActions.Count == 0)
        {
            var sent = await StoreAiReplyAsync(text, AutoSendReviewer, draftId, "auto-send");
            return new AiDraft(draftId, text, false, [], sent);
        }

        if (_drafts.Count >= MaxDrafts)
        {
            _drafts.Remove(_drafts.Keys.First());
        }

        var draft = new AiDraft(draftId, text, true, outcome.ProposedActions, null);
        _drafts[draftId] = draft;
        return draft;
    }

    public async Task<IReadOnlyList<AiDraft>> ListDraftsAsync()
    {
        RequireAi();
        await RequireAsync();
        return [.. _drafts.Values];
    }

    public async Task<IngestResult> ApproveDraftAsync(string draftId, string? editedText)
    {
        RequireAi();
        if (editedText is not null && (string.IsNullOrWhiteSpace(editedText) || editedText.Length > MaxTextLength))
        {
            throw new RequestValidationException($"text must be 1-{MaxTextLength} characters.");
        }

        await RequireAsync();
        if (!_drafts.Remove(draftId, out var draft))
        {
            throw new ResourceNotFoundException();
        }

        var edited = editedText is not null && editedText != draft.Text;
        await ApproveProposedActionsAsync(draft.ProposedActions);
        var messageId = await StoreAiReplyAsync(editedText ?? draft.Text, CallerContext.Current!.ActorId, draftId, edited ? "edited" : "approved");
        return new IngestResult(ConversationId, messageId, false);
    }

    public async Task RejectDraftAsync(string draftId)
    {
        RequireAi();
        await RequireAsync();
        if (!_drafts.Remove(draftId))
        {
            throw new ResourceNotFoundException();
        }

        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry("ai.draft.reject", AuditOutcomes.Success, ConversationId,
            new Dictionary<string, string> { ["draftId"] = draftId }, PersonalResource: true));
    }

    public async Task<AiDraft> RegenerateDraftAsync(string draftId)
    {
        RequireAi();
        await RequireAsync();
        if (!_drafts.Remove(draftId))
        {
            throw new ResourceNotFoundException();
        }

        return await DraftAsync();
    }

    /// <summary>
    /// What approving a draft does with its proposed actions: a refund within the tenant's threshold (not
    /// <see cref="ProposedAction.RequiresApproval"/>) is approved as the reviewing agent through
    /// <see cref="IActionGrain.ApproveAsync"/>, whose policy runs again (a refusal leaves it proposed, audited, and the
    /// reply is stored all the same); everything that needs a tenant admin stays proposed for
    /// <c>POST /v1/actions/{id}/approve</c>, whoever approves the draft.
    /// </summary>
    private async Task ApproveProposedActionsAsync(IReadOnlyList<ProposedAction> actions)
    {
        foreach (var action in actions.Where(a => a is { Kind: ActionKinds.Refund, RequiresApproval: false, Status: ActionStatuses.Proposed }))
        {
            try
            {
                await GrainFactory.GetActionGrain(TenantId, action.ActionId).ApproveAsync();
            }
            catch (Exception exception) when (exception is RequestValidationException or AccessDeniedException or ConflictException)
            {
                LogActionNotApproved(logger, ConversationId, exception.GetType().Name);
            }
        }
    }

    // The latest entries the model sees, decrypted in memory for this draft only.
    private async Task<IReadOnlyList<DraftTurn>> ReadTurnsAsync(ConversationRecord record, DataKey key)
    {
        var rows = await store.ReadMessagesAsync(TenantId, ConversationId, Math.Max(0, record.LastSequence - AiDrafter.MaxTurns), AiDrafter.MaxTurns);
        return [.. rows.Where(r => r.Body is not null && r.Kind != MessageKind.Status)
            .Select(r => new DraftTurn(r.Kind, FieldCipher.OpenString(key, GrainIdText, "message/" + r.MessageId, EncryptedFieldCodec.FromBytes(r.Body!))))];
    }

    // Without a configured provider no draft can exist: every AI route says AI is unavailable.
    private void RequireAi()
    {
        if (!ServiceProvider.GetRequiredService<AiProvider>().Options.IsConfigured)
        {
            throw AiProvider.NotConfigured();
        }
    }

    // An AI reply stored as MessageKind.Ai with its reviewer as the actor (the agent who approved it, or AutoSendReviewer).
    private Task<string> StoreAiReplyAsync(string text, string reviewer, string draftId, string review) =>
        StoreReplyAsync(text, MessageKind.Ai, reviewer, "conversation.ai-reply", new Dictionary<string, string> { ["draftId"] = draftId, ["review"] = review });

    // The associated data of every seal and open; formatted once per activation rather than per message.
    private string GrainIdText => _grainIdText ??= this.GetGrainId().ToString();

    private byte[]? Seal(DataKey key, string field, string? text) =>
        text is null ? null : EncryptedFieldCodec.ToBytes(FieldCipher.SealString(key, GrainIdText, field, text));

    /// <summary>
    /// Stores a reply to the customer — an agent's (<see cref="MessageKind.Agent"/>) or an approved AI draft
    /// (<see cref="MessageKind.Ai"/>, <paramref name="actorId"/> its reviewer) — as <c>queued</c>, with its outbox row
    /// in the same transaction, and wakes the tenant's outbox, which sends it to the channel.
    /// </summary>
    /// <summary>
    /// Stores an agent's reply or an approved AI draft, audited first; queued for the channel (the store writes its
    /// outbox row in the same statement, and the channel labels an AI reply). Returns the message id.
    /// </summary>
    private async Task<string> StoreReplyAsync(string text, MessageKind kind, string actorId, string auditKind, Dictionary<string, string>? details)
    {
        var record = await RequireAsync();
        var messageId = GrainKeys.NewLocalId('m');
        await GrainFactory.GetAuditLogGrain(TenantId).AppendAsync(new AuditEntry(auditKind, AuditOutcomes.Success, ConversationId, details,
            Sensitive: new Dictionary<string, string> { ["messageId"] = messageId }, PersonalResource: true));
        var key = _subjectKey ??= await subjectKeys.GetOrCreateAsync(TenantId, record.Summary.CustomerRef);
        await StoreAsync(messageId, kind, record.Summary.Channel, record.Summary.CustomerRef, actorId, time.GetUtcNow(), OutboxStatuses.Queued,
            Seal(key, "message/" + messageId, text), null);
        return messageId;
    }

    private async Task<bool> StoreAsync(string messageId, MessageKind kind, string channel, string customerRef, string? actorId,
        DateTimeOffset? sentAt, string? status, byte[]? body, byte[]? attachments, string? channelAccount = null)
    {
        var now = time.GetUtcNow();
        var sequence = (_record?.LastSequence ?? 0) + 1;
        bool stored;
        try
        {
            var touchIndex = _record is null || now - _indexTouchedAt >= IndexStep;
            stored = await store.AppendAsync(new StoredMessage(TenantId, ConversationId, sequence, messageId, kind, channel, customerRef, actorId,
                sentAt, now, status, body, attachments, touchIndex, channelAccount));
            _indexTouchedAt = stored && touchIndex ? now : _indexTouchedAt;
        }
        catch (Exception exception) when (exception is not OrleansException)
        {
            // The commit may or may not have happened: read the truth back before the next append.
            _stale = true;
            LogStoreFailed(logger, ConversationId, exception);
            throw new StoreUnavailableException("The message could not be stored; it was not accepted. Deliver it again.");
        }

        if (stored)
        {
            var summary = _record?.Summary ?? new ConversationSummary(ConversationId, customerRef, channel, now, now);
            _record = new ConversationRecord(summary with { LastActivityAt = now }, sequence, _record is null ? channelAccount : _record.ChannelAccount);
        }

        if (stored && kind is MessageKind.Agent or MessageKind.Ai)
        {
            await WakeOutboxAsync();
        }

        return stored;
    }

    /// <summary>
    /// Tells the tenant's outbox a message is waiting (it registers its reminder, so the send is durable, and attempts
    /// at once). The outbox row is already committed: a failure here only delays the send to the outbox's next run.
    /// </summary>
    private async Task WakeOutboxAsync()
    {
        try
        {
            await CallerContext.RunAsAsync(CallerContext.System(TenantId, "outbox"), async () =>
            {
                await GrainFactory.GetOutboxGrain(TenantId).NotifyAsync();
                return true;
            });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogOutboxNotWoken(logger, ConversationId, exception);
        }
    }

    private async Task LoadAsync()
    {
        if (_stale)
        {
            _record = await store.ReadConversationAsync(TenantId, ConversationId);
            _stale = false;
        }
    }

    private async Task<ConversationRecord> RequireAsync()
    {
        await LoadAsync();
        if (_record is null)
        {
            // Nothing stored: keep no activation behind for a made-up or mistyped id (a moment later, not at once).
            throw (_absent ??= new AbsentRecordRetirement(this, () => _record is null)).NotFound();
        }

        return _record;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "An action proposed in a draft of conversation {ConversationId} was not approved with it ({Reason}); it stays proposed")]
    private static partial void LogActionNotApproved(ILogger logger, string conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outbox of conversation {ConversationId} could not be woken; its next run sends the reply")]
    private static partial void LogOutboxNotWoken(ILogger logger, string conversationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A reply of conversation {ConversationId} could not be sent ({Reason}); it is retried")]
    private static partial void LogSendFailed(ILogger logger, string conversationId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A message of conversation {ConversationId} could not be stored")]
    private static partial void LogStoreFailed(ILogger logger, string conversationId, Exception exception);
}
