using Npgsql;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>Where a tenant still has rows, read as the superuser (past row-level security): the offboarding checks' queries.</summary>
internal static class TenantRowQueries
{
    /// <summary>Rows of the tenant in every table with a tenant_id column (the superuser sees past row-level security).</summary>
    public static async Task<List<(string Table, long Rows)>> RowsAsync(string superuser, string tenantId)
    {
        var tables = new List<string>();
        await using (var connection = new NpgsqlConnection(superuser))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant_id' AND table_schema = current_schema() ORDER BY table_name", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("omniops_tenant_keys", tables);
        var rows = new List<(string, long)>();
        foreach (var table in tables)
        {
            rows.Add((table, await Sql.ScalarAsync(superuser, $"SELECT count(*) FROM {table} WHERE tenant_id = $1", tenantId)));
        }

        return rows;
    }

    /// <summary>Orleans state rows and tombstones whose key or payload holds the tenant id.</summary>
    public static async Task<List<(string Table, string Type, string Key)>> HoldersAsync(string superuser, string tenantId)
    {
        var holders = new List<(string, string, string)>();
        await using var connection = new NpgsqlConnection(superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT 'orleansstorage', graintypestring, coalesce(grainidextensionstring, '') FROM orleansstorage
            WHERE strpos(coalesce(grainidextensionstring, ''), $1) > 0 OR position(convert_to($1, 'UTF8') IN payloadbinary) > 0
            UNION ALL
            SELECT 'orleansstoragetombstone', graintypestring, coalesce(grainidextensionstring, '') FROM orleansstoragetombstone
            WHERE strpos(coalesce(grainidextensionstring, ''), $1) > 0
            """, connection) { Parameters = { new NpgsqlParameter { Value = tenantId } } };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            holders.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return holders;
    }
}
