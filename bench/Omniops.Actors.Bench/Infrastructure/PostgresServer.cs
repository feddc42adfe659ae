using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
    private readonly string? _root;
    private readonly string? _data;
    private readonly bool _asRoot;
    private int _stopped;

    private PostgresServer(string adminConnectionString, string? root, string? data, bool asRoot)
    {
        AdminConnectionString = adminConnectionString;
        (_root, _data, _asRoot) = (root, data, asRoot);
        if (_data is not null)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        }
    }

    /// <summary>A superuser connection to the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>Where the server came from, for the report.</summary>
    public string Description => _data is null ? "OMNIOPS_BENCH_POSTGRES" : $"throwaway server in {_root}";

    public static PostgresServer Start()
    {
        var configured = Environment.GetEnvironmentVariable("OMNIOPS_BENCH_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new PostgresServer(configured, null, null, false);
        }

        var root = Path.Combine(Path.GetTempPath(), $"omniops-bench-pg-{Environment.ProcessId}");
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
        return new PostgresServer($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=100", root, data, asRoot);
    }

    /// <summary>
    /// Creates a fresh database owned by a fresh non-superuser role (the application's role, as in production) and
    /// returns (application connection string, superuser connection string) for it.
    /// </summary>
    public Task<(string Application, string Superuser)> CreateDatabaseAsync(string prefix) =>
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
        if (_data is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        PostgresTools.Run("pg_ctl", $"-D {_data} -m fast stop", _asRoot, check: false);
        try
        {
            Directory.Delete(_root!, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

}
