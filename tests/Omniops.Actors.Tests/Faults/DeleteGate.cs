using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Omniops.Actors.Tests.Faults;

/// <summary>
/// Holds paged erasure work still in the middle, so a silo can be killed while it is observably in progress rather
/// than when luck allows: a statement-level <c>BEFORE DELETE</c> trigger on <c>conversation_index</c> (test-only, on
/// the fault run's own database) that, once fewer than <c>threshold</c> of the tenant's conversations are left (a first
/// page or record is gone, committed), makes every further delete of that table wait on an advisory lock this gate
/// holds. The waiting statement's <c>application_name</c> names the silo running the work
/// (<see cref="FaultCluster.ApplicationName"/>). <see cref="OpenAsync"/> ends the waits (after
/// <see cref="TerminateWaitingAsync"/>, the dead silo's statement never runs) and removes the trigger.
/// </summary>
public sealed partial class DeleteGate : IAsyncDisposable
{
    private readonly NpgsqlConnection _holder;
    private readonly string _superuser;
    private readonly string _name;
    private bool _open;

    private DeleteGate(NpgsqlConnection holder, string superuser, string name)
    {
        _holder = holder;
        _superuser = superuser;
        _name = name;
    }

    /// <summary>Installs the gate for <paramref name="tenantId"/>: deletes wait once fewer than <paramref name="threshold"/> conversations are left.</summary>
    public static async Task<DeleteGate> CloseAsync(string superuser, string tenantId, long threshold)
    {
        Assert.Matches(SafeId(), tenantId);
        var name = "fault_gate_" + Guid.NewGuid().ToString("N")[..12];
        var key = Random.Shared.NextInt64(1, long.MaxValue);
        var holder = new NpgsqlConnection(superuser);
        await holder.OpenAsync();
        await Execute(holder, $"SELECT pg_advisory_lock({key})");
        // SECURITY DEFINER (the superuser): the count sees every row of the tenant past row-level security.
        await Execute(holder, $"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $gate$
            BEGIN
                IF (SELECT count(*) FROM conversation_index WHERE tenant_id = '{tenantId}') < {threshold.ToString(CultureInfo.InvariantCulture)} THEN
                    PERFORM pg_advisory_xact_lock({key});
                END IF;
                RETURN NULL;
            END
            $gate$;
            CREATE TRIGGER {name} BEFORE DELETE ON conversation_index FOR EACH STATEMENT EXECUTE FUNCTION {name}();
            """);
        return new DeleteGate(holder, superuser, name);
    }

    /// <summary>
    /// Polls until a statement waits at the gate and returns the <c>application_name</c>s of the connections waiting,
    /// or an empty list when none did within <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForWaitingAsync(TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var waiting = await WaitingAsync();
            if (waiting.Count > 0 || DateTimeOffset.UtcNow > deadline)
            {
                return waiting;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Ends the connections waiting at the gate (as PostgreSQL would once it noticed their client had died): their statements never run.</summary>
    public async Task<int> TerminateWaitingAsync()
    {
        await using var connection = new NpgsqlConnection(_superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))", connection)
        {
            Parameters = { new NpgsqlParameter<int> { TypedValue = _holder.ProcessID } },
        };
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Lets everything through and removes the trigger (the lock first, so a delete at the gate never holds up the drop).</summary>
    public async Task OpenAsync()
    {
        if (_open)
        {
            return;
        }

        _open = true;
        await Execute(_holder, "SELECT pg_advisory_unlock_all()");
        await Execute(_holder, $"DROP TRIGGER {_name} ON conversation_index; DROP FUNCTION {_name}();");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await OpenAsync();
        }
        finally
        {
            await _holder.DisposeAsync();
        }
    }

    private async Task<IReadOnlyList<string>> WaitingAsync()
    {
        await using var connection = new NpgsqlConnection(_superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(application_name, '') FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))", connection)
        {
            Parameters = { new NpgsqlParameter<int> { TypedValue = _holder.ProcessID } },
        };
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SafeId();
}
