using System.Diagnostics;

namespace Omniops.Actors.Bench.Auth;

/// <summary>
/// The memory of this process — the silo, its co-hosted gateway and the load generator share it — after a forced,
/// blocking, compacting full collection (twice, finalizers run in between): what is still alive on the GC heap, what
/// the GC keeps committed, and the working set the operating system sees.
/// </summary>
public sealed record ProcessMemory(long GcHeapBytes, long GcCommittedBytes, long WorkingSetBytes)
{
    public static ProcessMemory Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        var committed = GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new ProcessMemory(heap, committed, process.WorkingSet64);
    }
}
