using Npgsql;

namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL left behind by a test host that ended abruptly (its exit handler never ran) is stopped and
/// removed when the next one starts; a server whose process is alive is never touched.
/// </summary>
public sealed class ThrowawayServerTests
{
    [Fact]
    public async Task A_server_left_by_a_process_that_is_gone_is_stopped_at_the_next_start_and_a_live_processs_is_not()
    {
        var name = "omniops-orphan-test-" + Guid.NewGuid().ToString("N")[..8];
        // No process can have a pid above pid_max.
        var gone = int.Parse(await File.ReadAllTextAsync("/proc/sys/kernel/pid_max"), System.Globalization.CultureInfo.InvariantCulture) + 1;
        var orphan = PostgresTools.StartThrowawayServer(name, gone);
        PostgresTools.ThrowawayServer? live = null;
        try
        {
            Assert.True(await AnswersAsync(orphan));

            live = PostgresTools.StartThrowawayServer(name);

            Assert.False(Directory.Exists(orphan.Root));
            Assert.False(await AnswersAsync(orphan));
            Assert.Empty(PostgresTools.StopOrphans(name));
            Assert.True(await AnswersAsync(live));
        }
        finally
        {
            PostgresTools.Stop(orphan, "immediate");
            if (live is not null)
            {
                PostgresTools.Stop(live, "immediate");
            }
        }
    }

    private static async Task<bool> AnswersAsync(PostgresTools.ThrowawayServer server)
    {
        try
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres;Pooling=false;Timeout=3");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            return (int)(await command.ExecuteScalarAsync())! == 1;
        }
        catch (Exception exception) when (exception is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }
}
