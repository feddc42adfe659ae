using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Security;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// The isolation filter's own code on its success path, single-threaded in a tight loop (a tenant admin reading its
/// own tenant), minus the same loop invoking the call context directly. Low-noise complement to the cluster runs: it
/// excludes what Orleans spends on having a filter pipeline at all.
/// </summary>
public static class FilterMicrobenchmark
{
    private const int Iterations = 2_000_000;

    public static async Task<(double Nanoseconds, double Bytes)> MeasureAsync()
    {
        var tenantId = GrainKeys.NewTenantId();
        var filter = new TenantIsolationFilter(null!, NullLogger<TenantIsolationFilter>.Instance);
        var context = new FakeIncomingCallContext(GrainId.Create("tenant", tenantId));
        var caller = new CallerContext(tenantId, "bench-admin", ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
        return await CallerContext.RunAsAsync(caller, async () =>
        {
            var best = (Nanoseconds: double.MaxValue, Bytes: double.MaxValue);
            for (var run = 0; run < 3; run++)
            {
                var withFilter = await TimeAsync(() => filter.Invoke(context));
                var direct = await TimeAsync(context.Invoke);
                best = (Math.Min(best.Nanoseconds, withFilter.Nanoseconds - direct.Nanoseconds), Math.Min(best.Bytes, withFilter.Bytes - direct.Bytes));
            }

            return best;
        });
    }

    private static async Task<(double Nanoseconds, double Bytes)> TimeAsync(Func<Task> call)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Iterations; i++)
        {
            await call();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return (elapsed.TotalNanoseconds / Iterations, (double)bytes / Iterations);
    }
}
