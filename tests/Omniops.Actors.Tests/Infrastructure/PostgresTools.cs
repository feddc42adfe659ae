using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// Running the machine's PostgreSQL binaries (initdb refuses root, so as root they run as the <c>postgres</c> user)
/// and finding free loopback ports. Shared by the tests and, linked, by the benchmarks.
/// </summary>
public static class PostgresTools
{
    public static void Run(string tool, string arguments, bool asRoot, bool check = true)
    {
        var executable = Resolve(tool);
        var start = asRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {executable} {arguments}")
            : new ProcessStartInfo(executable, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error} {output.Result}. Is PostgreSQL installed (apt-get install -y postgresql)?");
        }
    }

    /// <summary>The absolute path of a PostgreSQL tool (runuser may reset PATH): on PATH, or in Debian's /usr/lib/postgresql/*/bin.</summary>
    public static string Resolve(string tool)
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")) : []);
        return candidates.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists) ?? tool;
    }

    /// <summary>
    /// Creates a fresh database owned by a fresh non-superuser role (the application's role, as in production) and
    /// returns (application connection string, superuser connection string) for it.
    /// </summary>
    public static async Task<(string Application, string Superuser)> CreateDatabaseAsync(string adminConnectionString, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        var password = Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
                     {
                         $"CREATE ROLE {name} LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE",
                         $"CREATE DATABASE {name} OWNER {name}",
                     })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
        var application = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Username = name, Password = password };
        return (application.ConnectionString, admin.ConnectionString);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
