using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Bench.Infrastructure;
using Orleans.TestingHost;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// One in-memory cluster of the isolation benchmark (with or without the filter) with its tenants created and a
/// tenant-admin caller per tenant.
/// </summary>
public sealed class IsolationTarget : IAsyncDisposable
{
    private readonly InProcessTestCluster _cluster;
    private readonly string[] _tenants;
    private readonly CallerContext[] _admins;

    private IsolationTarget(string name, InProcessTestCluster cluster, string[] tenants)
    {
        (Name, _cluster, _tenants) = (name, cluster, tenants);
        _admins = tenants.Select(t => new CallerContext(t, "bench-admin", ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin))).ToArray();
    }

    public string Name { get; }

    /// <summary>The cluster client (calls cross the TestingHost's in-memory transport, serialized like a remote call).</summary>
    public IGrainFactory Client => _cluster.Client;

    /// <summary>The silo's own grain factory (a call from code hosted in the silo; no client hop).</summary>
    public IGrainFactory SiloLocal => _cluster.Silos[0].SiloHost.Services.GetRequiredService<IGrainFactory>();

    public static async Task<IsolationTarget> StartAsync(string name, Action<ISiloBuilder> configureSilo, int tenantCount)
    {
        var cluster = await BenchCluster.StartAsync(BenchCluster.Settings(null, null, "isolation"), configureSilo);
        var tenants = new string[tenantCount];
        for (var i = 0; i < tenantCount; i++)
        {
            var tenantId = GrainKeys.NewTenantId();
            var created = await CallerContext.RunAsAsync(CallerContext.Operator("bench-operator"),
                () => cluster.Client.GetTenantGrain(tenantId).CreateAsync(new TenantCreation($"Bench shop {i}", "eu")));
            tenants[i] = created.TenantId;
        }

        return new IsolationTarget(name, cluster, tenants);
    }

    /// <summary>Worker <paramref name="worker"/>'s call: <c>GetAsync</c> of its tenant through <paramref name="factory"/>.</summary>
    public Func<Task> GetTenant(IGrainFactory factory, int worker)
    {
        var grain = factory.GetTenantGrain(_tenants[worker % _tenants.Length]);
        return grain.GetAsync;
    }

    public CallerContext AdminOf(int worker) => _admins[worker % _admins.Length];

    /// <summary>True when a call that carries no caller is refused, i.e. the isolation filter is installed.</summary>
    public async Task<bool> RefusesAnonymousCallsAsync()
    {
        CallerContext.Current = null;
        try
        {
            await _cluster.Client.GetTenantGrain(_tenants[0]).GetAsync();
            return false;
        }
        catch (GrainInterfaces.Errors.AccessDeniedException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
