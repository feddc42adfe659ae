using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// Deletes a grain's rows from <c>orleansstorage</c> and <c>orleansstoragetombstone</c> by its key string (indexed
/// since migration 0015). Keys are <c>{tenant}/{id}</c> with a kind prefix on the id, so a key names one grain's
/// rows, whatever state names it has. A stale activation that still holds the old version afterwards gets an
/// inconsistent-state error on its next write and re-reads "no state", as after any clear.
/// </summary>
public sealed class PostgresGrainStatePurger([FromKeyedServices(StorageNames.Privacy)] NpgsqlDataSource dataSource) : IGrainStatePurger
{
    public async Task<int> PurgeAsync(string grainKey, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        var tombstones = new NpgsqlBatchCommand("DELETE FROM orleansstoragetombstone WHERE grainidextensionstring = $1") { Parameters = { new NpgsqlParameter<string> { TypedValue = grainKey } } };
        var rows = new NpgsqlBatchCommand("DELETE FROM orleansstorage WHERE grainidextensionstring = $1") { Parameters = { new NpgsqlParameter<string> { TypedValue = grainKey } } };
        batch.BatchCommands.Add(tombstones);
        batch.BatchCommands.Add(rows);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return tombstones.RecordsAffected + rows.RecordsAffected;
    }

    public async Task<int> PurgeTombstonesAsync(string tenantId, DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        // A prefix LIKE (served by ix_orleansstoragetombstone_key), its wildcards escaped: a tenant id may hold '_'.
        var prefix = tenantId.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal) + "/%";
        await using var command = dataSource.CreateCommand("DELETE FROM orleansstoragetombstone WHERE grainidextensionstring LIKE $1 AND deletedon < $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = before.UtcDateTime });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
