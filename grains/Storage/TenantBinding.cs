using System.Data;
using Npgsql;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// Binds the tenants a statement may touch (row-level security, migration 0014): every statement on a tenant table
/// runs in a batch whose first command sets <c>omniops.tenants</c> local to the batch's implicit transaction (one
/// round trip; the setting ends with the transaction, so a pooled connection carries nothing over). The policies let
/// a statement see and write only rows of those tenants; an unbound statement sees nothing.
/// </summary>
public static class TenantBinding
{
    private const string BindTenants = "SELECT set_config('omniops.tenants', $1, true)";
    private const string BindAllTenants = "SELECT set_config('omniops.all_tenants', 'on', true)";
    private const string PreferIndexScans = "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)";

    /// <summary>A batch bound to <paramref name="tenants"/>; add the statement's parameters to <paramref name="statement"/>.</summary>
    public static NpgsqlBatch Create(NpgsqlDataSource dataSource, IEnumerable<string> tenants, string sql, out NpgsqlBatchCommand statement) =>
        Fill(dataSource.CreateBatch(), tenants, sql, out statement);

    /// <inheritdoc cref="Create(NpgsqlDataSource, IEnumerable{string}, string, out NpgsqlBatchCommand)"/>
    public static NpgsqlBatch Create(NpgsqlConnection connection, IEnumerable<string> tenants, string sql, out NpgsqlBatchCommand statement) =>
        Fill(new NpgsqlBatch(connection), tenants, sql, out statement);

    /// <summary>A batch bound to one tenant.</summary>
    public static NpgsqlBatch Create(NpgsqlDataSource dataSource, string tenantId, string sql, out NpgsqlBatchCommand statement) =>
        Create(dataSource, [tenantId], sql, out statement);

    /// <summary>
    /// A batch that may read the tenant keys of every tenant: only for the start-up key check, the master-key re-wrap
    /// (the operator's is audited before it runs) and listing the logs to checkpoint. No other table lets this
    /// setting through.
    /// </summary>
    public static NpgsqlBatch CreateAcrossTenantKeys(NpgsqlDataSource dataSource, string sql, out NpgsqlBatchCommand statement)
    {
        var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(BindAllTenants));
        statement = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(statement);
        return batch;
    }

    /// <summary>
    /// Makes the statements of <paramref name="batch"/> added after this walk an index instead of the whole table, for
    /// this batch's transaction only. For paged deletes: a page is a key range or a LIMIT over one tenant's rows, and
    /// where that tenant is a large share of a table the planner picks a sequential scan for every page, so N pages
    /// read the whole table N times and each walks the dead rows the pages before it left. (A table without a usable
    /// index is still scanned: the setting only makes the scan the last resort.) PostgreSQL's JIT goes off with it: a
    /// scan made the last resort costs the planner's penalty of 10^10, far above <c>jit_above_cost</c>, so such a
    /// statement is compiled with LLVM (inlined and optimised) before it runs. Seen in a trial that put the reminders'
    /// page (no index to use) into such a batch: 48 ms for a table of a few hundred rows, against under 1 ms without.
    /// </summary>
    public static NpgsqlBatch PreferIndexes(NpgsqlBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(PreferIndexScans));
        return batch;
    }

    /// <summary>
    /// A batch bound to one tenant for a page of paged deletes: the caller adds the statements, which walk indexes
    /// (<see cref="PreferIndexes"/>). For statements run with <c>ExecuteNonQueryAsync</c> and counted by their own
    /// <c>RecordsAffected</c>: the batch holds two setting statements first (a SELECT's <c>RecordsAffected</c> is -1),
    /// and <see cref="ExecuteReaderAsync"/> skips only one.
    /// </summary>
    public static NpgsqlBatch CreateForPages(NpgsqlDataSource dataSource, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return PreferIndexes(Bind(dataSource.CreateBatch(), [tenantId]));
    }

    /// <summary>Runs the batch and positions the reader on the statement's rows (past the binding's).</summary>
    public static async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlBatch batch, CommandBehavior behavior = CommandBehavior.Default, CancellationToken cancellationToken = default)
    {
        var reader = await batch.ExecuteReaderAsync(behavior, cancellationToken).ConfigureAwait(false);
        try
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs the batch and returns the rows the statement changed.</summary>
    public static async Task<int> ExecuteNonQueryAsync(NpgsqlBatch batch, NpgsqlBatchCommand statement, CancellationToken cancellationToken = default)
    {
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return statement.RecordsAffected;
    }

    private static NpgsqlBatch Fill(NpgsqlBatch batch, IEnumerable<string> tenants, string sql, out NpgsqlBatchCommand statement)
    {
        Bind(batch, tenants);
        statement = new NpgsqlBatchCommand(sql);
        batch.BatchCommands.Add(statement);
        return batch;
    }

    private static NpgsqlBatch Bind(NpgsqlBatch batch, IEnumerable<string> tenants)
    {
        var list = tenants.Distinct(StringComparer.Ordinal).ToArray();
        if (list.Length == 0 || list.Any(t => t.Length == 0 || t.Contains(',', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A statement is bound to one or more tenant ids, none empty or holding a comma.", nameof(tenants));
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand(BindTenants) { Parameters = { new NpgsqlParameter<string> { TypedValue = string.Join(',', list) } } });
        return batch;
    }
}
