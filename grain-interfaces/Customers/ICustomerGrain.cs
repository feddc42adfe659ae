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
}
