
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
    /// Creates a fresh database owned by a fresh non-superuser role (the schema owner) with a second, unprivileged
    /// runtime role, and returns (runtime, owner, superuser) connection strings for it.
    /// </summary>
    public Task<(string Application, string Owner, string Superuser)> CreateDatabaseAsync(string prefix) =>
        PostgresTools.CreateDatabaseAsync(AdminConnectionString, prefix);

    private static PostgresServer Start()
    {
        var configured = Environment.GetEnvironmentVariable("OMNIOPS_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(configured);
        }

        var server = PostgresTools.StartThrowawayServer("omniops-pg");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => PostgresTools.Stop(server, "immediate");
        return new PostgresServer(server.AdminConnectionString(maxPoolSize: 50));
    }

    public static int FreePort() => PostgresTools.FreePort();
}
