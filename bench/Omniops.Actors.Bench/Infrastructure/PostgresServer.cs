using Npgsql;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// The PostgreSQL the benchmarks run against: the one named by <c>OMNIOPS_BENCH_POSTGRES</c> (a superuser connection
/// string), or else a throwaway server started from the machine's binaries (initdb/pg_ctl, as the tests do) on a free
/// loopback port, stopped and deleted on dispose. fsync and synchronous_commit stay at their defaults (on).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly PostgresTools.ThrowawayServer? _server;
    private int _stopped;

    private PostgresServer(string adminConnectionString, PostgresTools.ThrowawayServer? server)
    {
        AdminConnectionString = adminConnectionString;
        _server = server;
        if (_server is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        }
    }

    /// <summary>A superuser connection to the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the server came from, for the report.</summary>
    public string Description => _server is null ? "OMNIOPS_BENCH_POSTGRES" : $"throwaway server in {_server.Root}";

    public static PostgresServer Start()
    {
        var configured = Environment.GetEnvironmentVariable("OMNIOPS_BENCH_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(configured, null);
        }

        var server = PostgresTools.StartThrowawayServer("omniops-bench-pg");
        return new PostgresServer(server.AdminConnectionString(maxPoolSize: 100), server);
    }

    /// <summary>
    /// Creates a fresh database owned by a fresh non-superuser role (the application's role, as in production) and
    /// returns (application connection string, superuser connection string) for it.
    /// </summary>
    public Task<(string Application, string Owner, string Superuser)> CreateDatabaseAsync(string prefix) =>
        PostgresTools.CreateDatabaseAsync(AdminConnectionString, prefix);

    /// <summary>One server setting (e.g. <c>synchronous_commit</c>), for the report.</summary>
    public async Task<string> ShowAsync(string setting)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        if (_server is not null && Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            PostgresTools.Stop(_server);
        }
    }
}
