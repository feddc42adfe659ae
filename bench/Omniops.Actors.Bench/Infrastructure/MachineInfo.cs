using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>The machine the numbers come from (cores, memory, CPU, .NET), printed before the tables.</summary>
public static class MachineInfo
{
    public static MarkdownTable Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = Tool("free", "-g").Split('\n').FirstOrDefault(l => l.StartsWith("Mem:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return new MarkdownTable("property", "value")
            .Add("cores (nproc)", Tool("nproc", string.Empty).Trim())
            .Add("memory (free -g, total GiB)", memory ?? "?")
            .Add("CPU", cpu ?? RuntimeInformation.ProcessArchitecture.ToString())
            .Add("OS", RuntimeInformation.OSDescription)
            .Add("dotnet --version (SDK)", Tool("dotnet", "--version").Trim())
            .Add(".NET runtime", RuntimeInformation.FrameworkDescription)
            .Add("GC", (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent"))
#if DEBUG
            .Add("build", "DEBUG (numbers are not representative; use -c Release)");
#else
            .Add("build", "Release");
#endif
    }

    private static string Tool(string name, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo(name, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start);
            if (process is null)
            {
                return "?";
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
