using System.Diagnostics;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Storage;

/// <summary>
/// Runs tests/sql/verify-orleans-schema.sh: the Orleans query texts of our migrations exercised one by one on a
/// private PostgreSQL (optimistic concurrency, delete-on-clear, reminder range reads served by the index).
/// </summary>
public sealed class OrleansSchemaScriptTests
{
    [Fact]
    public async Task EveryOrleansQueryKeyBehavesAsTheProvidersExpect()
    {
        var start = new ProcessStartInfo("bash", [Repository.Path("tests", "sql", "verify-orleans-schema.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PGTEST_PORT"] = PostgresServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await output + await error);
        Assert.EndsWith("schema: OK", (await output).TrimEnd(), StringComparison.Ordinal);
    }
}
