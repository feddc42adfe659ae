namespace Omniops.Actors.Grains.Storage;

/// <summary>The names of the grain storage providers: written once, referenced everywhere.</summary>
public static class StorageNames
{
    /// <summary>The storage of every grain's own state (ADO.NET on PostgreSQL, or in memory when embedded).</summary>
    public const string Main = "omniops";

    /// <summary>
    /// The privacy work's own storage: the state of privacy requests (a grain storage provider), and the keyed
    /// <c>NpgsqlDataSource</c> of the stores that run erasures, offboardings and the request queue. On PostgreSQL both
    /// are small pools of their own (<see cref="PrivacyPool"/>): a bulkhead, so an offboarding's parallel pages never
    /// take the connections webhooks and readers wait for, and a few connections kept busy by the same statements, so
    /// each server process has them planned and its catalogue caches warm (Npgsql hands idle connections out first in,
    /// first out: in a large shared pool, every page would land on whichever process had been idle longest).
    /// </summary>
    public const string Privacy = "omniops-privacy";
}
