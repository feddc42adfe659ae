using System.Globalization;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Privacy;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>Looks a value up in the tenant's blind indexes (<see cref="SubjectDigests"/>); stateless.</summary>
[StatelessWorker, Reentrant]
public sealed class SubjectDirectoryGrain(ISubjectIndexStore store, SubjectDigests digests) : Grain, ISubjectDirectoryGrain
{
    public async Task<IReadOnlyList<string>> FindAsync(SubjectLookupKind kind, string value)
    {
        if (!Enum.IsDefined(kind) || string.IsNullOrWhiteSpace(value) || value.Length > InboundRules.MaxContactFieldLength)
        {
            throw new RequestValidationException($"The value is 1-{InboundRules.MaxContactFieldLength} characters.");
        }

        var tenantId = GrainKeys.TenantOf(this.GetPrimaryKeyString());
        IReadOnlyList<string> refs = await digests.DigestAsync(tenantId, kind, value) is { } digest ? await store.FindAsync(tenantId, kind, digest) : [];
        // The value only as a keyed hash (of its normalized form, so one person's searches share it).
        await GrainFactory.GetAuditLogGrain(tenantId).AppendAsync(new AuditEntry("privacy.subject.search", AuditOutcomes.Success, null,
            new Dictionary<string, string>
            {
                ["kind"] = Name(kind),
                ["matches"] = refs.Count.ToString(CultureInfo.InvariantCulture),
            },
            new Dictionary<string, string> { ["value"] = digests.Normalize(kind, value) ?? value }));
        return refs;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string? afterRef, int limit)
    {
        if ((afterRef is not null && !GrainKeys.IsValidId(afterRef)) || limit is < 1 or > 500)
        {
            throw new RequestValidationException("afterRef must be a customer ref and limit 1-500.");
        }

        return [.. (await store.ListSubjectsAsync(GrainKeys.TenantOf(this.GetPrimaryKeyString()), afterRef, limit)).Select(r => r.CustomerRef)];
    }

    private static string Name(SubjectLookupKind kind) => kind switch
    {
        SubjectLookupKind.Email => "email",
        SubjectLookupKind.Phone => "phone",
        _ => "externalRef",
    };
}
