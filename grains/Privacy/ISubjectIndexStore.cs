using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// A tenant's customer records (one row each, for paging through them) and their keyed blind indexes (migration 0017):
/// digests only, never a plain e-mail, phone number or customer id.
/// </summary>
public interface ISubjectIndexStore
{
    /// <summary>Records a customer record (idempotent); fills in its channel if it was recorded without one.</summary>
    Task AddSubjectAsync(string tenantId, string customerRef, string channel, DateTimeOffset createdAt, CancellationToken cancellationToken = default);

    /// <summary>Replaces every lookup of the record with <paramref name="lookups"/>, in one transaction.</summary>
    Task ReplaceLookupsAsync(string tenantId, string customerRef, IReadOnlyCollection<SubjectLookup> lookups, CancellationToken cancellationToken = default);

    /// <summary>The records an entry of this kind and digest names, in ref order.</summary>
    Task<IReadOnlyList<string>> FindAsync(string tenantId, SubjectLookupKind kind, byte[] digest, CancellationToken cancellationToken = default);

    /// <summary>Removes the record's row and its lookups; answers how many rows went.</summary>
    Task<int> DeleteAsync(string tenantId, string customerRef, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> records after <paramref name="afterRef"/> (null: from the first), in ref order.</summary>
    Task<IReadOnlyList<SubjectRow>> ListSubjectsAsync(string tenantId, string? afterRef, int limit, CancellationToken cancellationToken = default);
}
