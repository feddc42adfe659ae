using Npgsql;

namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// What a tenant has stored: the rows of every table with a <c>tenant_id</c> (the audit trail apart) and the grain
/// state rows whose key names the tenant (count and summed versions, so an overwrite shows too).
/// </summary>
public sealed record TenantFootprint(long Rows, long GrainStates, long AuditEvents)
{
    public static async Task<TenantFootprint> OfAsync(string superuserConnectionString, string tenantId)
    {
        await using var connection = new NpgsqlConnection(superuserConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name) " +
            "WHERE c.column_name = 'tenant_id' AND c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'omniops_audit%'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = 0L;
        foreach (var table in tables)
        {
            rows += await ScalarAsync(connection, $"SELECT count(*) FROM \"{table}\" WHERE tenant_id::text = $1", tenantId);
        }

        var grains = await ScalarAsync(connection,
            "SELECT count(*) + coalesce(sum(version), 0) FROM orleansstorage WHERE position($1 in coalesce(grainidextensionstring, '')) > 0 AND graintypestring NOT ILIKE '%audit%'", tenantId);
        var audit = await ScalarAsync(connection, "SELECT count(*) FROM omniops_audit_events WHERE tenant_id::text = $1", tenantId);
        return new TenantFootprint(rows, grains, audit);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, string tenantId)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(tenantId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
