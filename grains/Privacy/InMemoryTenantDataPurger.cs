using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// The embedded node's offboarding deletes: its records live in memory, so the tenant's conversations leave the message
/// store in the same key ranges as on PostgreSQL, and the rest of its records leave every in-memory store that holds them (<see cref="IInMemoryTenantRows"/>: subject keys, the subject index, compliance
/// records, the order index, the product catalogue, privacy links) and from the privacy-request queue except the
/// running request's; the tenant key's versions go last. Grain state lives in Orleans' memory storage, which cannot be
/// listed: the tenant's grains that the offboarding does not erase one by one keep their state until the process
/// ends, sealed under keys that are gone by then.
/// </summary>
public sealed class InMemoryTenantDataPurger(IMessageStore messages, IEnumerable<IInMemoryTenantRows> stores, InMemoryPrivacyRequestStore requests,
    InMemoryTenantKeyStore tenantKeys) : ITenantDataPurger
{
    public async Task<TenantPage> DeletePageAsync(string tenantId, TenantPageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (conversations, next) = (new DeletedConversations(0, 0), (string?)null);
        if (request.Kinds.HasFlag(TenantPageKinds.Conversations))
        {
            conversations = await messages.DeleteConversationRangeAsync(tenantId, request.After, request.UpTo, cancellationToken);
            next = request.UpTo is null ? null : await messages.FindConversationPageEndAsync(tenantId, request.UpTo, request.Limit, cancellationToken);
        }

        // Every in-memory record of the tenant at once (no page limit: nothing is read from a database); no Orleans rows
        // or reminders to list (see the class summary).
        var tenantRows = request.Kinds.HasFlag(TenantPageKinds.TenantRows)
            ? stores.Sum(store => store.ForgetTenant(tenantId)) + requests.ForgetTenant(tenantId, request.KeepRequestId)
            : 0;
        return new TenantPage(conversations.Conversations, conversations.Messages, next, 0, tenantRows, 0);
    }

    public Task<int> DestroyTenantKeysAndQueueRowAsync(string tenantId, string requestId, CancellationToken cancellationToken = default)
    {
        requests.ForgetRequest(tenantId, requestId);
        return Task.FromResult(tenantKeys.DestroyTenant(tenantId));
    }
}
