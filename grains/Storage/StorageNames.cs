namespace Omniops.Actors.Grains.Storage;

/// <summary>The names of the grain storage providers: written once, referenced everywhere.</summary>
public static class StorageNames
{
    /// <summary>The storage of every grain's own state (ADO.NET on PostgreSQL, or in memory when embedded).</summary>
    public const string Main = "omniops";
}
