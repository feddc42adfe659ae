namespace Omniops.Actors.Grains.Privacy;

/// <summary>What an offboarding page still takes from (<see cref="ITenantDataPurger.DeletePageAsync"/>): a kind leaves the set once a page took its last rows.</summary>
[Flags]
public enum TenantPageKinds
{
    None = 0,

    /// <summary>A key range of conversations with their messages and outbox rows.</summary>
    Conversations = 1,

    /// <summary>Orleans state rows and tombstones under <c>{tenant}/</c>, except the running request's own.</summary>
    GrainRows = 2,

    /// <summary>Rows of the tenant's own tables (<see cref="PostgresTenantDataPurger.ErasedTables"/>) and its privacy-request queue, except the running request's row.</summary>
    TenantRows = 4,

    /// <summary>Reminders of the tenant's grains, except the running request's own.</summary>
    Reminders = 8,

    All = Conversations | GrainRows | TenantRows | Reminders,
}

/// <summary>
/// One page of a tenant's offboarding. <paramref name="After"/> and <paramref name="UpTo"/> bound the conversations'
/// key range (null: no bound on that side; no <paramref name="UpTo"/> takes whatever is left after
/// <paramref name="After"/>); every other kind loses at most <paramref name="Limit"/> rows per table. What the running
/// request keeps: its Orleans state row (<paramref name="KeepKey"/>), its queue row (<paramref name="KeepRequestId"/>)
/// and its reminder (<paramref name="KeepGrainId"/>, GrainId text <c>type/key</c>).
/// </summary>
public sealed record TenantPageRequest(TenantPageKinds Kinds, string? After, string? UpTo, int Limit, string KeepKey, string KeepRequestId, string KeepGrainId);

/// <summary>
/// What a page removed, per kind, and where the next page of conversations ends (<see cref="NextUpTo"/>: null when no
/// more than a page is left after this one, or this page had no upper bound). <see cref="StorageRows"/> and
/// <see cref="TenantRows"/> are sums over their tables.
/// </summary>
public sealed record TenantPage(int Conversations, long Messages, string? NextUpTo, int StorageRows, int TenantRows, int Reminders)
{
    public static readonly TenantPage Empty = new(0, 0, null, 0, 0, 0);

    public bool RemovedAny => Conversations > 0 || Messages > 0 || StorageRows > 0 || TenantRows > 0 || Reminders > 0;

    /// <summary>
    /// The kinds still open after this page of <paramref name="request"/>: the conversations once a page had no upper
    /// bound (it took the rest); another kind once a page took fewer than the limit from its tables together (so every
    /// one of them had fewer left than it may take: nothing is left, and no empty page is needed to see it).
    /// </summary>
    public TenantPageKinds StillOpen(TenantPageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var open = request.Kinds;
        if (request.UpTo is null)
        {
            open &= ~TenantPageKinds.Conversations;
        }

        foreach (var (kind, removed) in ((TenantPageKinds, int)[])[(TenantPageKinds.GrainRows, StorageRows), (TenantPageKinds.TenantRows, TenantRows), (TenantPageKinds.Reminders, Reminders)])
        {
            if (removed < request.Limit)
            {
                open &= ~kind;
            }
        }

        return open;
    }
}
