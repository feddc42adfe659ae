using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>
/// Where a tenant's channel delivers, after the gateway verified the webhook signature. Key:
/// <c>{tenantId}/{channel}</c>. It turns the channel's ids into opaque refs (keyed hashes under the tenant key: no
/// personal data in any key) and hands the delivery to the customer, conversation or order grain that owns it.
/// </summary>
[TenantScoped, Alias("omniops.channel-inbox")]
public interface IChannelInboxGrain : IGrainWithStringKey
{
    [Alias("receive-message"), RequiresScope(Scopes.ChannelsIngest)]
    Task<IngestResult> ReceiveMessageAsync(InboundMessage message);

    [Alias("receive-status"), RequiresScope(Scopes.ChannelsIngest)]
    Task<IngestResult> ReceiveStatusAsync(InboundStatus status);

    /// <summary>An order, shipping or refund event; <see cref="OrderEventResult.Duplicate"/> for a redelivered one.</summary>
    [Alias("receive-order-event"), RequiresScope(Scopes.ChannelsIngest)]
    Task<OrderEventResult> ReceiveOrderEventAsync(OrderEvent orderEvent);

    /// <summary>
    /// Records a platform's privacy request durably for the privacy workflow, with when it may take effect; a
    /// redelivery, or a destructive topic's signed body seen before, is a duplicate and recorded once.
    /// </summary>
    [Alias("receive-compliance-request-v2"), RequiresScope(Scopes.ChannelsIngest)]
    Task<ComplianceReceipt> ReceiveComplianceRequestAsync(ComplianceRequest request);
}
