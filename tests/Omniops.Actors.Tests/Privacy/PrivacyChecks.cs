using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>Starting privacy requests, waiting for them, dumping the database and verifying receipts.</summary>
public static class PrivacyChecks
{
    public static async Task<string> StartAsync(ClusterFixture fixture, string adminKey, object body)
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/privacy/requests", adminKey, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await Webhooks.JsonAsync(response)).GetProperty("requestId").GetString()!;
    }

    /// <summary>Polls the request until it leaves received/in-progress (or the time is up) and returns it.</summary>
    public static async Task<JsonElement> WaitAsync(ClusterFixture fixture, string adminKey, string requestId, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests/" + requestId, adminKey);
            var request = await Webhooks.JsonAsync(response);
            var status = request.GetProperty("status").GetString();
            if (status is not ("received" or "in-progress") || deadline.Elapsed > (within ?? TimeSpan.FromSeconds(60)))
            {
                return request;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Polls the tenant's request list until it holds at least <paramref name="count"/> retention requests and none of
    /// them is still open (or the time is up), and returns them.
    /// </summary>
    public static async Task<IReadOnlyList<JsonElement>> WaitForRetentionAsync(ClusterFixture fixture, string adminKey, int count, TimeSpan? within = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/privacy/requests?limit=500", adminKey);
            var list = (await Webhooks.JsonAsync(response)).EnumerateArray().Where(r => r.GetProperty("source").GetString() == "retention").ToList();
            var done = list.Count >= count && list.All(r => r.GetProperty("status").GetString() is not ("received" or "in-progress"));
            if (done || deadline.Elapsed > (within ?? TimeSpan.FromSeconds(60)))
            {
                return list;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A plain-text dump of every row of the deployment's database (as the superuser, past row-level security).</summary>
    public static string Dump(ClusterFixture fixture)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(fixture.SuperuserConnectionString);
        var output = Path.Combine(Path.GetTempPath(), "omniops-dump-" + Guid.NewGuid().ToString("N") + ".sql");
        try
        {
            // The server's own major version's pg_dump (Debian's /usr/bin wrapper may pick another).
            var pgDump = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_dump")).Where(File.Exists).Order().LastOrDefault()
                : null;
            using var process = Process.Start(new ProcessStartInfo(pgDump ?? PostgresTools.Resolve("pg_dump"),
                $"--data-only --no-owner -h {builder.Host} -p {builder.Port} -U {builder.Username} -f {output} {builder.Database}")
            { RedirectStandardError = true, UseShellExecute = false })!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "pg_dump failed: " + errors);
            return File.ReadAllText(output, Encoding.UTF8);
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Runs <c>openssl dgst -sha256 -verify</c> over <paramref name="document"/>; true when it prints "Verified OK".</summary>
    public static bool OpensslVerifies(byte[] document, byte[] signature, string publicKeyPem)
    {
        var directory = Directory.CreateTempSubdirectory("omniops-receipt-");
        try
        {
            var (file, sig, key) = (Path.Combine(directory.FullName, "receipt.json"), Path.Combine(directory.FullName, "receipt.sig"), Path.Combine(directory.FullName, "key.pem"));
            File.WriteAllBytes(file, document);
            File.WriteAllBytes(sig, signature);
            File.WriteAllText(key, publicKeyPem);
            using var process = Process.Start(new ProcessStartInfo("openssl", $"dgst -sha256 -verify {key} -signature {sig} {file}")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && output.Contains("Verified OK", StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
