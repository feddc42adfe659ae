using System.Text;
using Npgsql;
using Omniops.Actors.Bench.Webhooks;
using Omniops.Actors.Tests.Faults;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Bench.Cluster;

/// <summary>What scale and soak share: tenants on a process cluster, the HTTP client of the senders, and the database check after a load.</summary>
public static class ClusterRun
{
    /// <summary>Tenants the senders are spread over (one tenant's ingest would be bounded by its own grains, not by the cluster).</summary>
    public const int Tenants = 4;

    public static HttpClient Client(int senders) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(64, senders),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Creates <see cref="Tenants"/> tenants through the gateway, each with the generic channel and a secret of its own.</summary>
    public static async Task<WebhookTarget[]> ProvisionAsync(FaultCluster cluster, string name)
    {
        var targets = new List<WebhookTarget>();
        for (var i = 0; i < Tenants; i++)
        {
            var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var tenant = await cluster.CreateTenantAsync($"{name} shop {i}", secret);
            targets.Add(new WebhookTarget("omniops", cluster.Gateway.Url, tenant.TenantId, Encoding.UTF8.GetBytes(secret)));
        }

        return [.. targets];
    }

    /// <summary>
    /// Messages stored for the load's tenants beside those acknowledged: lost = acknowledged but not stored, extra =
    /// stored beyond the acknowledged (a double; the ids are unique, and every begun message was retried until acknowledged).
    /// </summary>
    public static async Task<(long Stored, long Lost, long Extra)> CheckStoredAsync(FaultCluster cluster, IEnumerable<WebhookTarget> targets, AcknowledgedLoad load)
    {
        await using var connection = new NpgsqlConnection(cluster.Superuser);
        await connection.OpenAsync();
        long lost = 0, extra = 0, stored = 0;
        foreach (var tenant in targets.Select(t => t.TenantId).Distinct(StringComparer.Ordinal))
        {
            var acknowledged = load.AcknowledgedByTenant.GetValueOrDefault(tenant);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM omniops_messages WHERE tenant_id = $1", connection) { Parameters = { new() { Value = tenant } } };
            var count = (long)(await command.ExecuteScalarAsync())!;
            stored += count;
            lost += Math.Max(0, acknowledged - count);
            extra += Math.Max(0, count - acknowledged);
        }

        return (stored, lost, extra);
    }

    /// <summary>VmRSS of a process from <c>/proc/{pid}/status</c>, in MB (NaN once it has gone).</summary>
    public static double ResidentMegabytes(StartedHost host)
    {
        try
        {
            var line = File.ReadLines($"/proc/{host.Process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return double.NaN;
        }
    }
}
