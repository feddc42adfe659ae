using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Faults;

/// <summary>
/// The fault tests' own PostgreSQL server (started like scripts/test.sh starts one, never the shared
/// <c>OMNIOPS_TEST_POSTGRES</c>), so a test may restart it under load; stopped when the class's tests are done. Each
/// fault test class has its own (in a folder of its own), and the classes run one after another
/// (<see cref="Collection"/>): each starts several silo processes and measures how fast they fail over.
/// </summary>
public sealed class FaultPostgres : IDisposable
{
    /// <summary>The test collection of every fault test class, so that no two of them run at once.</summary>
    public const string Collection = "Faults";

    private readonly PostgresTools.ThrowawayServer _server = PostgresTools.StartThrowawayServer("omniops-faults-pg-" + Guid.NewGuid().ToString("N")[..8]);

    public string AdminConnectionString => _server.AdminConnectionString(maxPoolSize: 20);

    /// <summary><c>pg_ctl restart -m <paramref name="mode"/></c>: every connection is dropped, the server comes back on the same port.</summary>
    public void Restart(string mode) =>
        PostgresTools.Run("pg_ctl", $"-D {_server.Data} -l {_server.Root}/server.log -w -m {mode} -o \"-c listen_addresses=127.0.0.1 -p {_server.Port} -k {_server.Root} -c max_connections=300\" restart", _server.AsRoot);

    /// <summary><c>pg_ctl stop -m immediate</c>: the server is gone until <see cref="Start"/>.</summary>
    public void Stop() => PostgresTools.Run("pg_ctl", $"-D {_server.Data} -w -m immediate stop", _server.AsRoot);

    /// <summary>Starts the stopped server again on the same port.</summary>
    public void Start() =>
        PostgresTools.Run("pg_ctl", $"-D {_server.Data} -l {_server.Root}/server.log -w -o \"-c listen_addresses=127.0.0.1 -p {_server.Port} -k {_server.Root} -c max_connections=300\" start", _server.AsRoot);

    public void Dispose() => PostgresTools.Stop(_server, "immediate");
}
