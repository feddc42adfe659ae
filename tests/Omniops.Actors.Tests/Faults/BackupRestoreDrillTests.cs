using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Omniops.Actors.Tests.Faults;

/// <summary>
/// The backup and restore drill of docs/operations.md on real processes: a live system is dumped without its key
/// tables, a subject is erased afterwards, the key tables are backed up (newest), both are restored into a fresh
/// database and silos start on it. What should be readable is, the audit chains verify, the subject erased after the
/// dump stays unreadable (its key is not in the newest key backup), and re-running the erasure of every subject that
/// has rows but no key removes the rows the dump brought back.
/// </summary>
[Trait("Category", "Faults")]
[Collection(FaultPostgres.Collection)]
public sealed class BackupRestoreDrillTests(FaultPostgres postgres, ITestOutputHelper output) : IClassFixture<FaultPostgres>
{
    /// <summary>The subjects with rows but no subject key: erased after the data dump (docs/operations.md, the replay query).</summary>
    private const string KeylessSubjects = """
        SELECT DISTINCT c.tenant_id, c.customer_ref FROM conversation_index c
        WHERE NOT EXISTS (SELECT 1 FROM omniops_subject_keys k WHERE k.tenant_id = c.tenant_id AND k.subject_id = c.customer_ref)
        """;

    [Fact]
    public async Task ARestoreFromADumpAndTheNewestKeyBackupReadsWhatItShouldVerifiesTheAuditAndKeepsALaterErasureErased()
    {
        var clock = Stopwatch.StartNew();
        var directory = Directory.CreateTempSubdirectory("omniops-drill-");
        var live = await FaultCluster.StartAsync(postgres, "drill", silos: 1);
        var liveStopped = false;
        try
        {
            using var http = live.Http(TimeSpan.FromSeconds(30));
            var secret = Webhooks.NewSecret();
            var tenant = await live.CreateTenantAsync("Drill Shop", secret);
            var kept = await DeliverAsync(http, tenant.TenantId, tenant.AdminKey, secret, "kept-customer", []);
            var erased = await DeliverAsync(http, tenant.TenantId, tenant.AdminKey, secret, "erased-customer", [kept.ConversationId]);

            // 1. The data dump of the live system, without the key tables' rows (their schema is in it).
            var dataDump = Path.Combine(directory.FullName, "data.dump");
            Tool("pg_dump", live.Superuser, $"-Fc --exclude-table-data=omniops_subject_keys --exclude-table-data=omniops_tenant_keys -f {dataDump}");

            // 2. After the dump: the subject is erased.
            var request = await SendAsync(http, HttpMethod.Post, "/v1/privacy/requests", tenant.AdminKey, new { kind = "erasure", customerRef = erased.CustomerRef });
            Assert.Equal(HttpStatusCode.Accepted, request.Status);
            Assert.Equal("completed", await WaitAsync(http, tenant.AdminKey, request.Body.GetProperty("requestId").GetString()!));

            // 3. The key backup, taken separately and more often; the newest one is restored.
            var keyDump = Path.Combine(directory.FullName, "keys.dump");
            Tool("pg_dump", live.Superuser, $"-Fc --data-only -t omniops_tenant_keys -t omniops_subject_keys -f {keyDump}");

            // 4. A fresh database owned by the same schema owner: schema, then the data dump, then the newest keys.
            var original = new NpgsqlConnectionStringBuilder(live.Superuser);
            var owner = new NpgsqlConnectionStringBuilder(live.Environment["ConnectionStrings__OmniopsMigrations"]);
            var restoredName = original.Database + "_restored";
            await Sql.ExecuteAsync(postgres.AdminConnectionString, $"CREATE DATABASE {restoredName} OWNER {owner.Username}");
            var restoredSuperuser = new NpgsqlConnectionStringBuilder(live.Superuser) { Database = restoredName }.ConnectionString;
            Tool("pg_restore", restoredSuperuser, $"--schema-only --exit-on-error {dataDump}");
            Tool("pg_restore", restoredSuperuser, $"--data-only --disable-triggers --exit-on-error {dataDump}");
            Tool("pg_restore", restoredSuperuser, $"--data-only --disable-triggers --exit-on-error {keyDump}");
            var dumped = clock.Elapsed;

            // 5. Silos on the restored database: same keys and service id, a new cluster id (a new deployment).
            var restoredSettings = new Dictionary<string, string?>
            {
                ["ConnectionStrings__Omniops"] = new NpgsqlConnectionStringBuilder(live.Environment["ConnectionStrings__Omniops"]) { Database = restoredName }.ConnectionString,
                ["ConnectionStrings__OmniopsMigrations"] = new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Database = restoredName }.ConnectionString,
                ["Omniops__MasterKey"] = live.Environment["Omniops__MasterKey"],
                ["Omniops__OperatorKey"] = live.Environment["Omniops__OperatorKey"],
                ["Omniops__Signing__KeyFile"] = live.Environment["Omniops__Signing__KeyFile"],
                ["Omniops__Cluster__ServiceId"] = live.Environment["Omniops__Cluster__ServiceId"],
            };
            // The live system stops before the restored one starts (a restore replaces it).
            await live.DisposeAsync();
            liveStopped = true;
            await using var restored = await FaultCluster.StartAsync(postgres, "drillrestored", restoredSettings, silos: 2);
            using var restoredHttp = restored.Http(TimeSpan.FromSeconds(30));

            var keptRead = await SendAsync(restoredHttp, HttpMethod.Get, "/v1/conversations/" + kept.ConversationId, tenant.AdminKey);
            var erasedRead = await SendAsync(restoredHttp, HttpMethod.Get, "/v1/conversations/" + erased.ConversationId, tenant.AdminKey);
            var verified = await VerifyAsync(restoredHttp, "/v1/audit/verify", tenant.AdminKey);
            var verifiedOps = await VerifyAsync(restoredHttp, "/ops/audit/verify?tenantId=ops", live.OperatorKey);
            var broughtBack = await Sql.ScalarAsync(restoredSuperuser, "SELECT count(*) FROM conversation_index WHERE customer_ref = $1", erased.CustomerRef);
            var keyless = await KeylessAsync(restoredSuperuser);

            // 6. The replay: every subject with rows but no key is erased again.
            foreach (var (tenantId, customerRef) in keyless)
            {
                Assert.Equal(tenant.TenantId, tenantId);
                var replay = await SendAsync(restoredHttp, HttpMethod.Post, "/v1/privacy/requests", tenant.AdminKey, new { kind = "erasure", customerRef });
                Assert.True(replay.Status == HttpStatusCode.Accepted, $"{(int)replay.Status} {replay.Body}\n{restored.Output()}");
                Assert.Equal("completed", await WaitAsync(restoredHttp, tenant.AdminKey, replay.Body.GetProperty("requestId").GetString()!));
            }

            var keptAfter = await SendAsync(restoredHttp, HttpMethod.Get, "/v1/conversations/" + kept.ConversationId, tenant.AdminKey);
            output.WriteLine($"dumped and restored in {dumped.TotalSeconds:0.0} s; subjects without a key after the restore: {keyless.Count}; total {clock.Elapsed.TotalSeconds:0.0} s");

            Assert.True(keptRead.Status == HttpStatusCode.OK, $"{(int)keptRead.Status} {keptRead.Body}\n{restored.Output()}");
            Assert.Equal("Hello from kept-customer", keptRead.Body.GetProperty("messages")[0].GetProperty("text").GetString());
            Assert.Equal(HttpStatusCode.Gone, erasedRead.Status);
            Assert.True(verified.Status == HttpStatusCode.OK && verified.Body.GetProperty("valid").GetBoolean(), $"{(int)verified.Status} {verified.Body}");
            Assert.True(verifiedOps.Status == HttpStatusCode.OK && verifiedOps.Body.GetProperty("valid").GetBoolean(), $"{(int)verifiedOps.Status} {verifiedOps.Body}");
            Assert.True(broughtBack > 0, "the dump did not bring the erased subject's rows back");
            Assert.Equal([(tenant.TenantId, erased.CustomerRef)], keyless);
            Assert.Empty(await KeylessAsync(restoredSuperuser));
            Assert.Equal(0, await Sql.ScalarAsync(restoredSuperuser, "SELECT count(*) FROM conversation_index WHERE customer_ref = $1", erased.CustomerRef));
            Assert.Equal(0, await Sql.ScalarAsync(restoredSuperuser, "SELECT count(*) FROM omniops_messages WHERE conversation_id = $1", erased.ConversationId));
            Assert.Equal(HttpStatusCode.OK, keptAfter.Status);
        }
        finally
        {
            if (!liveStopped)
            {
                await live.DisposeAsync();
            }

            directory.Delete(recursive: true);
        }
    }

    private static async Task<List<(string TenantId, string CustomerRef)>> KeylessAsync(string superuser)
    {
        await using var connection = new NpgsqlConnection(superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(KeylessSubjects, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    /// <summary>Delivers one message of <paramref name="customer"/> and returns its new conversation (the one not in <paramref name="known"/>).</summary>
    private static async Task<(string ConversationId, string CustomerRef)> DeliverAsync(HttpClient http, string tenantId, string adminKey, string secret, string customer, string[] known)
    {
        using (var response = await Webhooks.PostGenericAsync(http, tenantId, secret, Webhooks.GenericBody(customer + "-1", customer, "Hello from " + customer)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var list = await SendAsync(http, HttpMethod.Get, "/v1/conversations?limit=10", adminKey);
        var item = list.Body.GetProperty("conversations").EnumerateArray().Single(c => !known.Contains(c.GetProperty("conversationId").GetString()));
        return (item.GetProperty("conversationId").GetString()!, item.GetProperty("customerRef").GetString()!);
    }

    /// <summary>An audit verification, asked again while the freshly started cluster answers 503 (at most 30 s).</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body)> VerifyAsync(HttpClient http, string path, string key)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var answer = await SendAsync(http, HttpMethod.Get, path, key);
            if (answer.Status != HttpStatusCode.ServiceUnavailable || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                return answer;
            }

            await Task.Delay(500);
        }
    }

    private static async Task<string?> WaitAsync(HttpClient http, string adminKey, string requestId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = (await SendAsync(http, HttpMethod.Get, "/v1/privacy/requests/" + requestId, adminKey)).Body.GetProperty("status").GetString();
            if (status is not ("received" or "in-progress") || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                return status;
            }

            await Task.Delay(200);
        }
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient http, HttpMethod method, string path, string key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 && text[0] is '{' or '[' ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    /// <summary>Runs the server's own major version's pg_dump or pg_restore as the superuser of <paramref name="connectionString"/>'s database.</summary>
    private static void Tool(string tool, string connectionString, string arguments)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var path = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", tool)).Where(File.Exists).Order().LastOrDefault()
            : null;
        var start = new ProcessStartInfo(path ?? PostgresTools.Resolve(tool), $"-h {builder.Host} -p {builder.Port} -U {builder.Username} -d {builder.Database} {arguments}")
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (builder.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {arguments} failed: {errors}");
    }
}
