using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Health;
using Omniops.Actors.GrainInterfaces.Keys;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.GrainInterfaces;

/// <summary>Typed access to the grains, so no caller builds a key string by hand.</summary>
public static class GrainFactoryExtensions
{
    public static ITenantGrain GetTenantGrain(this IGrainFactory factory, string tenantId) =>
        factory.GetGrain<ITenantGrain>(GrainKeys.Tenant(tenantId));

    public static IAuditLogGrain GetAuditLogGrain(this IGrainFactory factory, string tenantId) =>
        factory.GetGrain<IAuditLogGrain>(GrainKeys.Tenant(tenantId));

    public static ICredentialGrain GetCredentialGrain(this IGrainFactory factory, string tenantId, string integration) =>
        factory.GetGrain<ICredentialGrain>(GrainKeys.Scoped(tenantId, integration));

    public static IChannelInboxGrain GetChannelInboxGrain(this IGrainFactory factory, string tenantId, string channel) =>
        factory.GetGrain<IChannelInboxGrain>(GrainKeys.Scoped(tenantId, channel));

    public static IConversationGrain GetConversationGrain(this IGrainFactory factory, string tenantId, string conversationId) =>
        factory.GetGrain<IConversationGrain>(GrainKeys.Scoped(tenantId, conversationId));

    public static IConversationIndexGrain GetConversationIndexGrain(this IGrainFactory factory, string tenantId) =>
        factory.GetGrain<IConversationIndexGrain>(GrainKeys.Tenant(tenantId));

    public static ICustomerGrain GetCustomerGrain(this IGrainFactory factory, string tenantId, string customerRef) =>
        factory.GetGrain<ICustomerGrain>(GrainKeys.Scoped(tenantId, customerRef));

    public static IOrderGrain GetOrderGrain(this IGrainFactory factory, string tenantId, string orderId) =>
        factory.GetGrain<IOrderGrain>(GrainKeys.Scoped(tenantId, orderId));

    public static IKeyAdministrationGrain GetKeyAdministrationGrain(this IGrainFactory factory) =>
        factory.GetGrain<IKeyAdministrationGrain>(0);

    public static IHealthGrain GetHealthGrain(this IGrainFactory factory) =>
        factory.GetGrain<IHealthGrain>(0);
}
