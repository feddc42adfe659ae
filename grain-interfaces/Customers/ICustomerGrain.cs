using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Customers;

/// <summary>
/// One data subject of a tenant: contact details sealed under the subject's own key (destroying it crypto-shreds
/// every copy), and the conversations and orders that are theirs. Key: <c>{tenantId}/{customerRef}</c>, the ref a
/// keyed hash of the channel's contact id — never an e-mail, phone number or name.
/// </summary>
[TenantScoped, Alias("omniops.customer")]
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Records the contact details the channel sent; stored only when they changed.</summary>
    [Alias("record-contact"), RequiresScope(Scopes.ChannelsIngest)]
    Task RecordContactAsync(string channel, ContactDetails contact);

    [Alias("add-conversation"), RequiresScope(Scopes.ChannelsIngest)]
    Task AddConversationAsync(string conversationId);

    [Alias("add-order"), RequiresScope(Scopes.ChannelsIngest)]
    Task AddOrderAsync(string orderId);

    [Alias("get"), RequiresScope(Scopes.ConversationsRead)]
    Task<CustomerView> GetAsync();

    /// <summary>What this record holds (without opening anything), for discovery and privacy requests.</summary>
    [Alias("holdings"), RequiresScope(Scopes.PrivacyRead, Scopes.PrivacyErase)]
    Task<CustomerHoldings> GetHoldingsAsync();

    /// <summary>
    /// Closes the record to new data (conversations, orders and contact details are refused, so a platform retries
    /// later) and answers what it holds. A record under legal hold is not closed: <see cref="CustomerHoldings.LegalHold"/>.
    /// With <paramref name="onlyIfEmpty"/> (retention's erasure of a record its sweep emptied), a record that holds a
    /// conversation or an order again is not closed either: the caller erases nothing (data inside its retention period stays).
    /// </summary>
    [Alias("begin-erasure"), RequiresScope(Scopes.PrivacyErase)]
    Task<CustomerHoldings> BeginErasureAsync(bool onlyIfEmpty);

    /// <summary>Removes the record itself (its storage row, not a tombstone) and deactivates; the subject key is destroyed before.</summary>
    [Alias("complete-erasure"), RequiresScope(Scopes.PrivacyErase)]
    Task CompleteErasureAsync();

    /// <summary>
    /// Drops conversations and orders that retention expired and answers whether the record now holds nothing; it stays
    /// open to new data. For a record left empty the caller starts a retention erasure request (no customer record
    /// outlives everything it held), which erases it only if it still holds nothing then. A record under legal hold
    /// drops nothing and answers false.
    /// </summary>
    [Alias("expire"), RequiresScope(Scopes.PrivacyErase)]
    Task<bool> ExpireAsync(IReadOnlyList<string> conversationIds, IReadOnlyList<string> orderIds);

    /// <summary>Replaces the given contact details (fields left null are kept).</summary>
    [Alias("rectify"), RequiresScope(Scopes.PrivacyErase)]
    Task RectifyAsync(ContactDetails changes);

    /// <summary>
    /// Where a reply to this customer goes on their channel: WhatsApp's recipient (the phone number's digits, its
    /// <c>wa_id</c>), the merchant's own customer id for the rest; null when none is known. The outbox's work only.
    /// </summary>
    [Alias("reply-address"), RequiresScope(Scopes.ChannelsSend)]
    Task<string?> GetReplyAddressAsync();

    /// <summary>Places (a reason) or lifts (null) a legal hold: while held, erasure is refused with that reason.</summary>
    [Alias("legal-hold"), RequiresScope(Scopes.PrivacyManage)]
    Task SetLegalHoldAsync(string? reason);
}
