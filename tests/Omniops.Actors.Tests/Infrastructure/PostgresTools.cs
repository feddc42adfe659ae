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
    /// Starts a private PostgreSQL server from the machine's binaries in a temp folder named after
    /// <paramref name="name"/>, listening on a free loopback port only. Returns where it lives and how to reach it.
    /// </summary>
    public static ThrowawayServer StartThrowawayServer(string name) => StartThrowawayServer(name, Environment.ProcessId);

    /// <summary>
    /// Stops and deletes the servers <see cref="StartThrowawayServer(string)"/> left under <paramref name="name"/> for
    /// processes that no longer exist (a host ended abruptly never runs its exit handler); a live process's server is
    /// never touched. Returns the folders it removed. Run before each start, so a machine does not collect orphans.
    /// </summary>
    public static IReadOnlyList<string> StopOrphans(string name)
    {
        var removed = new List<string>();
        var asRoot = Environment.UserName == "root";
        foreach (var root in Directory.GetDirectories(Path.GetTempPath(), name + "-*"))
        {
            var suffix = Path.GetFileName(root)[(name.Length + 1)..];
            if (int.TryParse(suffix, out var owner) && owner > 0 && !Directory.Exists($"/proc/{owner}"))
            {
                Stop(new ThrowawayServer(root, Path.Combine(root, "data"), asRoot, 0), "immediate");
                removed.Add(root);
            }
        }

        return removed;
    }

    /// <summary>A server named for <paramref name="owner"/>'s process (tests name one for a process that is gone).</summary>
    internal static ThrowawayServer StartThrowawayServer(string name, int owner)
    {
        if (owner == Environment.ProcessId)
        {
            StopOrphans(name);
        }

        var root = Path.Combine(Path.GetTempPath(), $"{name}-{owner}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", $"postgres:postgres {root}", asRoot: false);
        }

        var port = FreePort();
        Run("initdb", $"-D {data} -U postgres --auth=trust --no-sync -E UTF8", asRoot);
        Run("pg_ctl", $"-D {data} -l {root}/server.log -w -o \"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=on -c max_connections=300\" start", asRoot);
        return new ThrowawayServer(root, data, asRoot, port);
    }

    /// <summary>
    /// Stops a server started by <see cref="StartThrowawayServer"/> and deletes its folder. Both happen in one
    /// separate shell process, so they complete even when the host process is torn down right after asking (the test
    /// host is, at exit).
    /// </summary>
    public static void Stop(ThrowawayServer server, string mode = "fast")
    {
        var stop = $"{Resolve("pg_ctl")} -D '{server.Data}' -m {mode} -w stop";
        var command = $"{(server.AsRoot ? "runuser -u postgres -- " : string.Empty)}{stop} >/dev/null 2>&1; rm -rf '{server.Root}'";
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", command]) { UseShellExecute = false });
        process?.WaitForExit(TimeSpan.FromSeconds(15));
    }

    private const int IdleLifetimeSeconds = 30;

    /// <summary>
    /// Creates a fresh database owned by a fresh non-superuser role (the schema owner, which migrates) and a second
    /// role with no privileges of its own (the runtime role the silos run as; the migrations grant it what it needs),
    /// as in production, and returns (runtime, owner, superuser) connection strings for it.
    /// </summary>
    public static async Task<(string Application, string Owner, string Superuser)> CreateDatabaseAsync(string adminConnectionString, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}".ToLowerInvariant();
        var runtime = name + "_rt";
        var ownerPassword = Guid.NewGuid().ToString("N");
        var password = Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            foreach (var sql in new[]
                     {
                         $"CREATE ROLE {name} LOGIN PASSWORD '{ownerPassword}' NOSUPERUSER NOCREATEDB NOCREATEROLE",
                         $"CREATE ROLE {runtime} LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE",
                         $"CREATE DATABASE {name} OWNER {name}",
                     })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        // Idle pooled connections are closed after 30 s rather than Npgsql's 300: the suite runs several deployments
        // at once, each database with pools of its own, and a burst's idle connections would otherwise hold the
        // server's connection slots for five minutes after it (a CI run met "too many clients" as 503s and codec errors).
        var admin = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, ConnectionIdleLifetime = IdleLifetimeSeconds };
        var owner = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Username = name, Password = ownerPassword, ConnectionIdleLifetime = IdleLifetimeSeconds };
        var application = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Username = runtime, Password = password, ConnectionIdleLifetime = IdleLifetimeSeconds };
        return (application.ConnectionString, owner.ConnectionString, admin.ConnectionString);
    }

    /// <summary>
    /// Closes every connection still open to a fixture's database once the fixture is gone, best effort: Orleans'
    /// ADO.NET providers pool by connection string for the life of the process, and their idle connections (each a
    /// server process and one of the server's connection slots) would otherwise stay until their idle lifetime passed.
    /// The server ends them (the database's name is the fixture's own); the pools of the strings given (this test
    /// process's own helpers) are cleared too. A local CI run counted 270 of the server's 300 slots taken, nearly all idle.
    /// </summary>
    public static async Task ReleaseDatabaseAsync(string adminConnectionString, params string[] connectionStrings)
    {
        try
        {
            foreach (var connectionString in connectionStrings)
            {
                NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
            }

            var database = new NpgsqlConnectionStringBuilder(connectionStrings[0]).Database;
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection);
            command.Parameters.AddWithValue(database!);
            await command.ExecuteScalarAsync();
        }
        catch (NpgsqlException)
        {
            // The connections then end with their idle lifetime (IdleLifetimeSeconds) instead.
        }
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A port for a process a test starts, free when asked and never handed out twice in this run. It is drawn below
    /// Linux's ephemeral range (32768–60999), so an outgoing connection cannot take it as its source port in the
    /// moment between this check and the process binding it.
    /// </summary>
    public static int FreePort()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(20_000, 32_000);
                if (!HandedOut.Add(port))
                {
                    continue;
                }

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // In use by something else on this machine; draw another.
                }
            }
        }

        throw new InvalidOperationException("No free port found below the ephemeral range.");
    }

    /// <summary>A running throwaway server: its folder, data directory, whether it runs as <c>postgres</c>, its port.</summary>
    public sealed record ThrowawayServer(string Root, string Data, bool AsRoot, int Port)
    {
        public string AdminConnectionString(int maxPoolSize) =>
            $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size={maxPoolSize}";
    }
}
