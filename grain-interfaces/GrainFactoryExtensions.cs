using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Omniops.Actors.GrainInterfaces.Ai;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Health;
using Omniops.Actors.GrainInterfaces.Keys;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.GrainInterfaces;

/// <summary>
/// Typed access to the grains, so no caller builds a key string by hand. String-keyed references are built from a
/// grain id whose grain type and interface type were resolved once per interface: Orleans' own
/// <c>GetGrain&lt;T&gt;(string)</c> resolves the interface type through its attribute providers on every call, which
/// showed up as several per cent of a webhook's CPU.
/// </summary>
public static class GrainFactoryExtensions
{
    private const int MaxCachedReferences = 16_384;

    private static readonly ConditionalWeakTable<IGrainFactory, ConcurrentDictionary<(Type, string), object>> ReferenceCache = new();

    public static ITenantGrain GetTenantGrain(this IGrainFactory factory, string tenantId) =>
        Cached<ITenantGrain>(factory, GrainKeys.Tenant(tenantId));

    /// <summary>The directory shard that holds <paramref name="tenantId"/>'s entry.</summary>
    public static ITenantDirectoryGrain GetTenantDirectoryGrain(this IGrainFactory factory, string tenantId) =>
        Cached<ITenantDirectoryGrain>(factory, GrainKeys.TenantDirectoryShard(tenantId));

    public static IAuditLogGrain GetAuditLogGrain(this IGrainFactory factory, string tenantId) =>
        Cached<IAuditLogGrain>(factory, GrainKeys.Tenant(tenantId));

    public static ICredentialGrain GetCredentialGrain(this IGrainFactory factory, string tenantId, string integration) =>
        Cached<ICredentialGrain>(factory, GrainKeys.Scoped(tenantId, integration));

    public static IChannelInboxGrain GetChannelInboxGrain(this IGrainFactory factory, string tenantId, string channel) =>
        Cached<IChannelInboxGrain>(factory, GrainKeys.Scoped(tenantId, channel));

    public static IConversationGrain GetConversationGrain(this IGrainFactory factory, string tenantId, string conversationId) =>
        Resolve<IConversationGrain>(factory, GrainKeys.Scoped(tenantId, conversationId));

    public static IOutboxGrain GetOutboxGrain(this IGrainFactory factory, string tenantId) =>
        Cached<IOutboxGrain>(factory, GrainKeys.Tenant(tenantId));

    public static IConversationIndexGrain GetConversationIndexGrain(this IGrainFactory factory, string tenantId) =>
        Cached<IConversationIndexGrain>(factory, GrainKeys.Tenant(tenantId));

    public static IAiImprovementGrain GetAiImprovementGrain(this IGrainFactory factory, string tenantId) =>
        Cached<IAiImprovementGrain>(factory, GrainKeys.Tenant(tenantId));

    public static ICustomerGrain GetCustomerGrain(this IGrainFactory factory, string tenantId, string customerRef) =>
        Resolve<ICustomerGrain>(factory, GrainKeys.Scoped(tenantId, customerRef));

    public static IOrderGrain GetOrderGrain(this IGrainFactory factory, string tenantId, string orderId) =>
        Resolve<IOrderGrain>(factory, GrainKeys.Scoped(tenantId, orderId));

    public static Catalogue.ICatalogueGrain GetCatalogueGrain(this IGrainFactory factory, string tenantId) =>
        Cached<Catalogue.ICatalogueGrain>(factory, GrainKeys.Tenant(tenantId));

    public static Actions.IActionGrain GetActionGrain(this IGrainFactory factory, string tenantId, string actionId) =>
        Resolve<Actions.IActionGrain>(factory, GrainKeys.Scoped(tenantId, actionId));

    public static Actions.IActionIndexGrain GetActionIndexGrain(this IGrainFactory factory, string tenantId) =>
        Cached<Actions.IActionIndexGrain>(factory, GrainKeys.Scoped(tenantId, "actions"));

    public static IRetentionGrain GetRetentionGrain(this IGrainFactory factory, string tenantId) =>
        Cached<IRetentionGrain>(factory, GrainKeys.Tenant(tenantId));

    public static IPrivacyRequestGrain GetPrivacyRequestGrain(this IGrainFactory factory, string tenantId, string requestId) =>
        Resolve<IPrivacyRequestGrain>(factory, GrainKeys.Scoped(tenantId, requestId));

    public static IPrivacyRequestIndexGrain GetPrivacyRequestIndexGrain(this IGrainFactory factory, string tenantId) =>
        Cached<IPrivacyRequestIndexGrain>(factory, GrainKeys.Tenant(tenantId));

    /// <summary>The tenant's privacy links (stateless: issues and verifies them).</summary>
    public static IPrivacyLinkGrain GetPrivacyLinkGrain(this IGrainFactory factory, string tenantId) =>
        Resolve<IPrivacyLinkGrain>(factory, GrainKeys.Tenant(tenantId));
    /// <summary>The incident <paramref name="incidentId"/> (key <c>ops/{incidentId}</c>).</summary>
    public static Incidents.IIncidentGrain GetIncidentGrain(this IGrainFactory factory, string incidentId) =>
        factory.GetGrain<Incidents.IIncidentGrain>(GrainKeys.Scoped(GrainKeys.OperatorTenant, incidentId));

    /// <summary>Every shard of the tenant directory.</summary>
    public static IEnumerable<ITenantDirectoryGrain> GetTenantDirectoryShards(this IGrainFactory factory) =>
        Enumerable.Range(0, GrainKeys.TenantDirectoryShards).Select(n => factory.GetGrain<ITenantDirectoryGrain>("directory-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static ISubjectDirectoryGrain GetSubjectDirectoryGrain(this IGrainFactory factory, string tenantId) =>
        Cached<ISubjectDirectoryGrain>(factory, GrainKeys.Tenant(tenantId));

    public static IKeyAdministrationGrain GetKeyAdministrationGrain(this IGrainFactory factory) =>
        factory.GetGrain<IKeyAdministrationGrain>(0);

    /// <summary>The tenant's members, invitations and sessions (key <c>{tenantId}/members</c>, so offboarding's prefix purge removes it).</summary>
    public static Members.IMembersGrain GetMembersGrain(this IGrainFactory factory, string tenantId) =>
        Cached<Members.IMembersGrain>(factory, GrainKeys.Scoped(tenantId, "members"));

    public static IHealthGrain GetHealthGrain(this IGrainFactory factory) =>
        factory.GetGrain<IHealthGrain>(0);

    /// <summary>
    /// For the few grains per tenant that every request reaches (tenant, audit log, credential, channel inbox,
    /// conversation index): a reference is immutable and safe to share, and constructing one builds its proxy's
    /// copiers through dependency injection, a few per cent of a webhook's CPU. Kept per grain factory (each cluster
    /// client and silo has its own runtime) and bounded; the per-conversation and per-customer grains are not cached.
    /// </summary>
    private static T Cached<T>(IGrainFactory factory, string key)
        where T : class, IGrainWithStringKey
    {
        var references = ReferenceCache.GetValue(factory, _ => new ConcurrentDictionary<(Type, string), object>());
        if (references.TryGetValue((typeof(T), key), out var cached))
        {
            return (T)cached;
        }

        if (references.Count >= MaxCachedReferences)
        {
            references.Clear();
        }

        var reference = Resolve<T>(factory, key);
        references.TryAdd((typeof(T), key), reference);
        return reference;
    }

    private static T Resolve<T>(IGrainFactory factory, string key)
        where T : IGrainWithStringKey
    {
        var (grainType, interfaceType) = ResolvedTypes<T>.Of(factory);
        return (T)factory.GetGrain(GrainId.Create(grainType, IdSpan.Create(key)), interfaceType);
    }

    /// <summary>The grain type and interface type of <typeparamref name="T"/>, resolved by Orleans once.</summary>
    private static class ResolvedTypes<T>
        where T : IGrainWithStringKey
    {
        // A reference, so that a racing first call publishes both types together or not at all.
        private static Tuple<GrainType, GrainInterfaceType>? _types;

        public static (GrainType, GrainInterfaceType) Of(IGrainFactory factory)
        {
            var types = _types;
            if (types is null)
            {
                var sample = (GrainReference)(object)factory.GetGrain<T>("resolve");
                types = _types = Tuple.Create(sample.GrainId.Type, sample.InterfaceType);
            }

            return (types.Item1, types.Item2);
        }
    }
}
