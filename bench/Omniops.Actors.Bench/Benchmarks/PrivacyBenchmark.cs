using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// Privacy rights at scale on PostgreSQL, through the real grains: (1) erasing one subject with
/// <c>--conversations</c> conversations of ten messages, from <see cref="IPrivacyRequestGrain.StartAsync"/> until the
/// request is completed, a fresh subject each round; (2) offboarding a tenant with ten times as many conversations
/// (the TenantErasure request, no cooling-off) beside a set-based SQL baseline in the same round: the same data shape
/// seeded for another tenant and deleted with plain <c>DELETE … WHERE tenant_id = $1</c> statements in one
/// transaction; (3) writing the export of a completed access request for a subject like (1) to a counting stream.
/// Seeding goes through the channel inbox in parallel and is not timed; every timed run is followed by a
/// completeness check of the rows it had to remove.
/// </summary>
public sealed partial class PrivacyBenchmark(BenchOptions options, PostgresDeployment deployment)
{
    private const int MessagesPerConversation = 10;
    private const int OffboardScale = 10;
    private const int ConversationsPerCustomer = 10;
    private const int SeedParallelism = 32;
    private const int DefaultRounds = 3;
    private const int WarmUpConversations = 100;
    private const int MinWarmUps = 20;
    private const int MaxWarmUps = 200;
    private const int QuietWarmUps = 3;
    private const int QuietJitMethods = 10;
    private static readonly TimeSpan JitQuiet = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan JitQuietLimit = TimeSpan.FromSeconds(5);
    private const double ErasureTargetSeconds = 2.0;
    private const double OffboardTargetRatio = 3.0;
    private const double ExportTargetSeconds = 1.0;
    private const string AuditTable = "omniops_audit_events";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(15);

    private IReadOnlyList<string>? _tenantTables;

    private IClusterClient Client => deployment.Cluster.Client;

    private int Rounds => options.Given.Contains("--rounds") ? options.Rounds : DefaultRounds;

    /// <summary>Whether a part runs: all three unless <c>--only</c> names one.</summary>
    private bool Runs(string part) => options.Only is null || options.Only == part;

    /// <returns>The worst share of the cores other processes took during a measured run.</returns>
    public async Task<double> RunAsync(TextWriter output)
    {
        var erasure = Runs("erasure") ? await EraseSubjectsAsync(output) : 0;
        var offboarding = Runs("offboarding") ? await OffboardTenantsAsync(output) : 0;
        var export = Runs("export") ? await ExportSubjectAsync(output) : 0;
        return Math.Max(Math.Max(erasure, offboarding), export);
    }

    private async Task<string> CustomerRefAsync(string tenantId, string conversationId)
    {
        await using var connection = new NpgsqlConnection(deployment.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT customer_ref FROM conversation_index WHERE tenant_id = $1 AND conversation_id = $2", connection)
        {
            Parameters = { new() { Value = tenantId }, new() { Value = conversationId } },
        };
        return (string)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException("The seeded conversation is not in conversation_index."));
    }

    /// <summary>Every table with a <c>tenant_id</c> column except the audit log (which outlives the tenant on both sides).</summary>
    private async Task<IReadOnlyList<string>> TenantTablesAsync()
    {
        if (_tenantTables is null)
        {
            var tables = new List<string>();
            await using var connection = new NpgsqlConnection(deployment.SuperuserConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
                WHERE c.column_name = 'tenant_id' AND c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE 'bench\_%'
                ORDER BY c.table_name
                """, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var table = reader.GetString(0);
                if (table != AuditTable)
                {
                    tables.Add(table);
                }
            }

            _tenantTables = tables;
        }

        return _tenantTables;
    }

    /// <summary>Sends each (customer, conversation) pair <paramref name="messages"/> messages through the generic channel's inbox, conversations in parallel; their conversation ids.</summary>
    private async Task<string[]> SeedAsync(string tenantId, IReadOnlyList<(string Customer, string Conversation)> shape, int messages)
    {
        var channel = CallerContext.Channel(tenantId, ChannelNames.Generic);
        var inbox = Client.GetChannelInboxGrain(tenantId, ChannelNames.Generic);
        var ids = new string[shape.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, shape.Count), new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism }, async (i, _) =>
        {
            var (customer, conversation) = shape[i];
            var contact = new InboundContact(customer, "Bench " + customer, customer + "@example.com");
            for (var m = 0; m < messages; m++)
            {
                var message = new InboundMessage($"{conversation}-m{m.ToString(CultureInfo.InvariantCulture)}", conversation, contact,
                    $"Message {m.ToString(CultureInfo.InvariantCulture)}: where is my parcel? It was due on Tuesday and the tracking page has not moved since.", [], null);
                ids[i] = (await CallerContext.RunAsAsync(channel, () => inbox.ReceiveMessageAsync(message))).ConversationId;
            }
        });
        return ids;
    }

    private async Task<(string TenantId, CallerContext Admin)> CreateTenantAsync(string name)
    {
        var tenantId = GrainKeys.NewTenantId();
        var created = await CallerContext.RunAsAsync(CallerContext.Operator("bench-operator"),
            () => Client.GetTenantGrain(tenantId).CreateAsync(new TenantCreation(name, "eu")));
        return (tenantId, new CallerContext(tenantId, created.AdminKey.KeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin)));
    }

    /// <summary>Polls the request every 1 ms until it is neither received nor in progress.</summary>
    private static async Task<PrivacyRequestView> WaitAsync(CallerContext caller, Func<Task<PrivacyRequestView>> get)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var view = await CallerContext.RunAsAsync(caller, get);
            if (view.Status is not (PrivacyRequestStatus.Received or PrivacyRequestStatus.InProgress))
            {
                return view;
            }

            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException($"The privacy request {view.RequestId} was still {view.Status} after {Deadline}.");
            }

            await Task.Delay(Poll);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params string[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        }

        return command;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, params string[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Prefix(string tenantId) => tenantId.Replace("_", "\\_", StringComparison.Ordinal) + "/%";

    private static string Left(SortedDictionary<string, long> rows) =>
        rows.Values.Sum() == 0 ? "0" : string.Join(", ", rows.Where(r => r.Value > 0).Select(r => $"{r.Key} {Format.Count(r.Value)}"));

    private static string Seconds(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
