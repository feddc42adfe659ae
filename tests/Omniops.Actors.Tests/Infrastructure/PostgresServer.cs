using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests run against: the one named by <c>OMNIOPS_TEST_POSTGRES</c> (a superuser connection
/// string), or else a throwaway server this process starts from the machine's binaries (initdb/pg_ctl) on a free
/// loopback port and stops at exit. Each fixture gets its own database.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresServer(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    public static PostgresServer Instance => Shared.Value;

    /// <summary>A superuser connection to the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>
    /// Creates a fresh database owned by a fresh non-superuser role (the application's role) and returns
    /// (application connection string, superuser connection string) for it.
    /// </summary>
    public Task<(string Application, string Superuser)> CreateDatabaseAsync(string prefix) =>
        PostgresTools.CreateDatabaseAsync(AdminConnectionString, prefix);

    private static PostgresServer Start()
    {
        var configured = Environment.GetEnvironmentVariable("OMNIOPS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(configured);
        }

        var root = Path.Combine(Path.GetTempPath(), $"omniops-pg-{Environment.ProcessId}");
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            PostgresTools.Run("chown", $"postgres:postgres {root}", asRoot: false);
        }

        var port = PostgresTools.FreePort();
        PostgresTools.Run("initdb", $"-D {data} -U postgres --auth=trust --no-sync -E UTF8", asRoot);
        PostgresTools.Run("pg_ctl", $"-D {data} -l {root}/server.log -w -o \"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=on -c max_connections=300\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            PostgresTools.Run("pg_ctl", $"-D {data} -m immediate stop", asRoot, check: false);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50");
    }

    public static int FreePort() => PostgresTools.FreePort();
}
