using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>Lists a tenant's privacy-request queue from its projection; stateless.</summary>
[StatelessWorker, Reentrant]
public sealed class PrivacyRequestIndexGrain(IPrivacyRequestStore store) : Grain, IPrivacyRequestIndexGrain
{
    public Task<IReadOnlyList<PrivacyRequestSummary>> ListAsync(PrivacyRequestStatus? status, int offset, int limit)
    {
        if (offset is < 0 or > 100_000 || limit is < 1 or > 500 || (status is { } s && !Enum.IsDefined(s)))
        {
            throw new RequestValidationException("offset must be 0-100000 and limit 1-500.");
        }

        return store.ListAsync(GrainKeys.TenantOf(this.GetPrimaryKeyString()), status, offset, limit);
    }

    public Task<IReadOnlyList<PrivacyRequestSummary>> ListAboutAsync(IReadOnlyList<string> customerRefs, int limit)
    {
        if (customerRefs is null || customerRefs.Count is < 1 or > 50 || customerRefs.Any(r => !GrainKeys.IsValidId(r)) || limit is < 1 or > 500)
        {
            throw new RequestValidationException("Name 1-50 customer records by their refs; limit must be 1-500.");
        }

        var tenantId = GrainKeys.TenantOf(this.GetPrimaryKeyString());
        return store.ListAboutAsync(tenantId, [.. customerRefs.Select(r => PrivacyRequestGrain.SubjectDigest(tenantId, r))], limit);
    }

    public async Task<IReadOnlyList<PrivacyRequestSummary>> ListOwnAsync(int limit)
    {
        if (limit is < 1 or > 100)
        {
            throw new RequestValidationException("limit must be 1-100.");
        }

        // The subject is the link's own, never named by the caller.
        if (CallerContext.Current is not { Kind: ActorKind.DataSubject, Subject: { } subject })
        {
            throw new AccessDeniedException("Only a data subject's privacy link lists its own requests.");
        }

        var tenantId = GrainKeys.TenantOf(this.GetPrimaryKeyString());
        var requests = await store.ListAboutAsync(tenantId, [PrivacyRequestGrain.SubjectDigest(tenantId, subject)], limit);
        return [.. requests.Where(r => r.Source == PrivacyRequestSource.DataSubject)];
    }
}
