namespace Omniops.Actors.Grains.Storage;

/// <summary>Helpers of the embedded node's in-memory stores.</summary>
internal static class InMemoryRows
{
    /// <summary>Removes the entries whose key matches; how many (the caller holds the store's lock).</summary>
    public static int Forget<TKey, TValue>(Dictionary<TKey, TValue> rows, Func<TKey, bool> matches)
        where TKey : notnull
    {
        var keys = rows.Keys.Where(matches).ToList();
        foreach (var key in keys)
        {
            rows.Remove(key);
        }

        return keys.Count;
    }
}
