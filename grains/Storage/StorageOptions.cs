namespace Omniops.Actors.Grains.Storage;

/// <summary>Where grain state, membership, reminders and the audit log live.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration key of the PostgreSQL connection string (<c>ConnectionStrings__Omniops</c>).</summary>
    public const string ConnectionStringName = "Omniops";

    /// <summary>
    /// Npgsql connection string. Default: unset, meaning the embedded single node keeps everything in memory.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether PostgreSQL is configured.</summary>
    public bool UsePostgres => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>The ADO.NET invariant the Orleans providers load.</summary>
    public const string Invariant = "Npgsql";
}
