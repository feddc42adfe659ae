using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Storage;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Privacy;
using Xunit.Abstractions;

namespace Omniops.Actors.Tests.Faults;

/// <summary>
/// kill -9 of the silo running a subject erasure, a tenant offboarding or a retention sweep, in the middle of it: the
/// work completes on the survivors and leaves nothing of what it removes. Not left to luck: a
/// <see cref="DeleteGate"/> holds the work after its first record or page (some rows gone, some left, checked), the
/// statement waiting there names the silo running it (its connections' <c>application_name</c>), that silo is killed
/// and its waiting statement ended, and the gate opens. Resumption comes from the work's reminder, which the
/// <see cref="PrivacyFaultCluster"/>'s configuration makes fire every second or two.
/// </summary>
[Trait("Category", "Faults")]
[Collection(FaultPostgres.Collection)]
public sealed class PrivacyFaultTests(PrivacyFaultCluster fixture, ITestOutputHelper output) : IClassFixture<PrivacyFaultCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private FaultCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task KillingTheSiloInTheMiddleOfASubjectErasureStillErasesEveryRecordOfTheSubjectWithAReceiptThatVerifies()
    {
        fixture.AssertTwoSilosLeft();
        var clock = Stopwatch.StartNew();
        var secret = Webhooks.NewSecret();
        var tenant = await CreateTenantAsync("Erasure Fault Shop", secret);
        using var http = Cluster.Http(TimeSpan.FromSeconds(60));
        // One person under four customer records (one e-mail), ten conversations each; a bystander with five.
        const string email = "fault.subject@example.com";
        var subject = await SeedAsync(http, tenant.TenantId, secret,
            [.. Enumerable.Range(0, 40).Select(i => ($"subject-{i % 4}", $"s-{i}", (string?)email))]);
        var bystander = await SeedAsync(http, tenant.TenantId, secret, [.. Enumerable.Range(0, 5).Select(i => ("bystander", $"b-{i}", (string?)"bystander@example.com"))]);
        var refs = await CustomerRefsAsync(tenant.TenantId, subject);
        Assert.Equal(4, refs.Count);

        await using var gate = await DeleteGate.CloseAsync(Cluster.Superuser, tenant.TenantId, 45);
        using var started = await SendAsync(http, HttpMethod.Post, "/v1/privacy/requests", tenant.AdminKey, new { kind = "erasure", email });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var request = await Webhooks.JsonAsync(started);
        var requestId = request.GetProperty("requestId").GetString()!;

        // Held after the first record: ten of its conversations gone, thirty left, the request in progress.
        var killed = await KillTheSiloAtTheGateAsync(gate, async () =>
        {
            var left = await ConversationsLeftAsync(tenant.TenantId, subject);
            using var response = await SendAsync(http, HttpMethod.Get, "/v1/privacy/requests/" + requestId, tenant.AdminKey);
            var status = (await Webhooks.JsonAsync(response)).GetProperty("status").GetString();
            return (left == 30 && status == "in-progress", $"{left} of the subject's 40 conversations left, request {status}");
        });

        var done = await EventuallyAsync(async () =>
        {
            using var response = await SendAsync(http, HttpMethod.Get, "/v1/privacy/requests/" + requestId, tenant.AdminKey);
            return response.IsSuccessStatusCode && (await Webhooks.JsonAsync(response)).GetProperty("status").GetString() == "completed";
        });
        Report("erasure", killed, clock);
        Assert.True(done, "the erasure did not complete after the kill\n" + Cluster.Output());

        using var receiptResponse = await SendAsync(http, HttpMethod.Get, $"/v1/privacy/requests/{requestId}/receipt", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.OK, receiptResponse.StatusCode);
        var signed = await Webhooks.JsonAsync(receiptResponse);
        var receipt = await VerifiedReceiptAsync(http, signed);
        Assert.Equal(40, receipt.GetProperty("erased").GetProperty("conversations").GetInt32());
        Assert.Equal(4, receipt.GetProperty("erased").GetProperty("customers").GetInt32());

        // Nothing of the subject in any table that names a customer or a subject, no state row, tombstone or reminder of
        // its records, no message of its conversations; the bystander's five conversations untouched.
        foreach (var (table, rows) in await SubjectRowsAsync(refs))
        {
            Assert.True(rows == 0, $"{table} still holds {rows} rows of the subject");
        }

        foreach (var table in new[] { "omniops_messages", "omniops_outbox", "conversation_index" })
        {
            Assert.Equal(0, await Sql.ScalarAsync(Cluster.Superuser, $"SELECT count(*) FROM {table} WHERE tenant_id = $1 AND conversation_id = ANY ($2)",
                tenant.TenantId, subject.ToArray()));
        }

        Assert.Equal(5, await ConversationsLeftAsync(tenant.TenantId, bystander));
        Assert.Equal(5, await Sql.ScalarAsync(Cluster.Superuser, "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1", tenant.TenantId));
    }

    [Fact]
    public async Task KillingTheSiloInTheMiddleOfATenantOffboardingStillErasesTheWholeTenantWithAReceiptThatVerifies()
    {
        fixture.AssertTwoSilosLeft();
        var clock = Stopwatch.StartNew();
        var secret = Webhooks.NewSecret();
        var tenant = await CreateTenantAsync("Offboarding Fault Shop", secret);
        using var http = Cluster.Http(TimeSpan.FromSeconds(60));
        var conversations = await SeedAsync(http, tenant.TenantId, secret,
            [.. Enumerable.Range(0, 30).Select(i => ($"leaving-{i % 3}", $"o-{i}", (string?)$"leaving{i % 3}@example.com"))]);

        await using var gate = await DeleteGate.CloseAsync(Cluster.Superuser, tenant.TenantId, conversations.Count);
        using var delete = await SendAsync(http, HttpMethod.Delete, "/v1/tenant", tenant.AdminKey, new { confirm = tenant.TenantId });
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        var requestId = (await Webhooks.JsonAsync(delete)).GetProperty("requestId").GetString()!;

        // Held after the first page of ten conversations (the grain is busy, so its state is read from the queue's row).
        var killed = await KillTheSiloAtTheGateAsync(gate, async () =>
        {
            var left = await ConversationsLeftAsync(tenant.TenantId, conversations);
            var status = await Sql.ScalarAsync(Cluster.Superuser, "SELECT status FROM omniops_privacy_requests WHERE tenant_id = $1 AND request_id = $2", tenant.TenantId, requestId);
            return (left == 20 && status == (long)PrivacyRequestStatus.InProgress, $"{left} of 30 conversations left, request status {status}");
        });

        JsonElement deletion = default;
        var done = await EventuallyAsync(async () =>
        {
            using var response = await SendAsync(http, HttpMethod.Get, $"/ops/tenants/{tenant.TenantId}/deletion", Cluster.OperatorKey);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            deletion = await Webhooks.JsonAsync(response);
            return deletion.GetProperty("request").GetProperty("status").GetString() == "completed";
        });
        Report("offboarding", killed, clock);
        Assert.True(done, "the offboarding did not complete after the kill\n" + Cluster.Output());

        var receipt = await VerifiedReceiptAsync(http, deletion.GetProperty("receipt"));
        Assert.True(receipt.GetProperty("tenantKeyDestroyed").GetBoolean());
        Assert.Equal(30, receipt.GetProperty("erased").GetProperty("conversations").GetInt32());

        // As after an uninterrupted offboarding: no row of any tenant table but the audit events, no state row or
        // tombstone but the request's own (its receipt) and the audit log's, no reminder.
        foreach (var (table, rows) in await TenantRowQueries.RowsAsync(Cluster.Superuser, tenant.TenantId))
        {
            Assert.True(rows == 0 || table == "omniops_audit_events", $"{table} still holds {rows} rows of the tenant");
        }

        var requestKey = tenant.TenantId + "/" + requestId;
        var holders = await TenantRowQueries.HoldersAsync(Cluster.Superuser, tenant.TenantId);
        Assert.All(holders, h => Assert.True(h.Key == requestKey || (h.Key == tenant.TenantId && h.Type.Contains("audit", StringComparison.OrdinalIgnoreCase)),
            $"{h.Table} {h.Type} {h.Key} still holds the tenant id"));
        Assert.Equal(0, await Sql.ScalarAsync(Cluster.Superuser, "SELECT count(*) FROM orleansreminderstable WHERE strpos(grainid, $1) > 0", tenant.TenantId));
        // Recorded in the operator's log. At least once, not exactly once: the audit step appends to the operator's log and
        // the tenant's at once, and a retry after the tenant's append failed (a timeout on a loaded machine) appends the
        // operator's event again (seen: twice).
        Assert.True(await Sql.ScalarAsync(Cluster.Superuser,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = 'ops' AND operation = 'tenant.erase' AND resource = $1", tenant.TenantId) >= 1);
    }

    [Fact]
    public async Task KillingTheSiloInTheMiddleOfARetentionSweepStillRemovesEverythingPastItsPeriodAndKeepsTheRest()
    {
        fixture.AssertTwoSilosLeft();
        var clock = Stopwatch.StartNew();
        var secret = Webhooks.NewSecret();
        var tenant = await CreateTenantAsync("Retention Fault Shop", secret);
        using var http = Cluster.Http(TimeSpan.FromSeconds(60));
        // Ten customers with three conversations each to age past the retention period and one to keep.
        var old = await SeedAsync(http, tenant.TenantId, secret, [.. Enumerable.Range(0, 30).Select(i => ($"regular-{i % 10}", $"old-{i}", (string?)null))]);
        var fresh = await SeedAsync(http, tenant.TenantId, secret, [.. Enumerable.Range(0, 10).Select(i => ($"regular-{i}", $"fresh-{i}", (string?)null))]);

        // The tenant's reminder sweeps every two seconds; once the old conversations are 400 days old (conversations
        // are kept 365 by default), the next sweep expires them, ten a page.
        await using var gate = await DeleteGate.CloseAsync(Cluster.Superuser, tenant.TenantId, old.Count + fresh.Count);
        await Sql.ExecuteAsync(Cluster.Superuser,
            "UPDATE conversation_index SET last_activity_at = last_activity_at - interval '400 days' WHERE tenant_id = $1 AND conversation_id = ANY ($2)",
            tenant.TenantId, old.ToArray());

        // Held after the first page: ten old conversations gone, twenty left.
        var killed = await KillTheSiloAtTheGateAsync(gate, async () =>
        {
            var left = await ConversationsLeftAsync(tenant.TenantId, old);
            return (left == 20, $"{left} of 30 old conversations left");
        });

        var done = await EventuallyAsync(async () => await ConversationsLeftAsync(tenant.TenantId, old) == 0);
        Report("retention sweep", killed, clock);
        Assert.True(done, $"{await ConversationsLeftAsync(tenant.TenantId, old)} old conversations left after the kill\n" + Cluster.Output());

        // Past the period: index rows, messages and outbox rows gone, not readable. Inside it: all there, readable.
        foreach (var table in new[] { "omniops_messages", "omniops_outbox", "conversation_index" })
        {
            Assert.Equal(0, await Sql.ScalarAsync(Cluster.Superuser, $"SELECT count(*) FROM {table} WHERE tenant_id = $1 AND conversation_id = ANY ($2)",
                tenant.TenantId, old.ToArray()));
        }

        Assert.Equal(10, await ConversationsLeftAsync(tenant.TenantId, fresh));
        Assert.Equal(10, await Sql.ScalarAsync(Cluster.Superuser, "SELECT count(*) FROM omniops_messages WHERE tenant_id = $1 AND conversation_id = ANY ($2)",
            tenant.TenantId, fresh.ToArray()));
        foreach (var (ids, expected) in new[] { (old.Take(3), HttpStatusCode.NotFound), (fresh.Take(3), HttpStatusCode.OK) })
        {
            foreach (var id in ids)
            {
                using var response = await SendAsync(http, HttpMethod.Get, "/v1/conversations/" + id, tenant.AdminKey);
                Assert.Equal(expected, response.StatusCode);
            }
        }

        // Every customer kept its fresh conversation, so no record was emptied and no erasure request started.
        Assert.Equal(0, await Sql.ScalarAsync(Cluster.Superuser, "SELECT count(*) FROM omniops_privacy_requests WHERE tenant_id = $1", tenant.TenantId));
        Assert.True(await Sql.ScalarAsync(Cluster.Superuser,
            "SELECT count(*) FROM omniops_audit_events WHERE tenant_id = $1 AND operation = 'retention.sweep' AND outcome = 'success'", tenant.TenantId) > 0);
    }

    /// <summary>
    /// Waits until the work waits at the gate, checks it is in the middle (<paramref name="inProgress"/>; the test fails
    /// otherwise), kills -9 the silo whose connection waits there, ends that connection and opens the gate.
    /// </summary>
    private async Task<string> KillTheSiloAtTheGateAsync(DeleteGate gate, Func<Task<(bool InProgress, string State)>> inProgress)
    {
        var waiting = await gate.WaitForWaitingAsync(Patience);
        Assert.True(waiting.Count > 0, "the work never reached its second record or page\n" + Cluster.Output());
        var name = Assert.Single(waiting.Distinct(StringComparer.Ordinal));
        // The privacy work's own pool names its connections after the silo's, with a suffix.
        var silo = Enumerable.Range(0, Cluster.Silos.Count).Single(i => FaultCluster.ApplicationName(i) == name || FaultCluster.ApplicationName(i) + PrivacyPool.ApplicationNameSuffix == name);
        var (middle, state) = await inProgress();
        Assert.True(middle, "not in the middle of the work at the kill: " + state);

        await Cluster.Silos[silo].Process.KillAsync();
        var ended = await gate.TerminateWaitingAsync();
        await gate.OpenAsync();
        output.WriteLine($"killed silo {silo} ({name}) with {state}; {ended} waiting statement(s) of it ended");
        return name;
    }

    private void Report(string work, string killed, Stopwatch clock) =>
        output.WriteLine($"{work}: {killed} killed in the middle; complete {clock.Elapsed.TotalSeconds:0.0} s after the test's start");

    /// <summary>
    /// A tenant with the generic channel, created again after a 503 (as its <c>Retry-After</c> asks: on a loaded machine a
    /// cold cluster's first calls can outlast the response timeout).
    /// </summary>
    private async Task<Client.Tenants.TenantCreatedResponse> CreateTenantAsync(string name, string secret)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await Cluster.CreateTenantAsync(name, secret);
            }
            catch (HttpRequestException exception) when (exception.StatusCode == HttpStatusCode.ServiceUnavailable && DateTimeOffset.UtcNow < deadline)
            {
                output.WriteLine("creating the tenant: 503, again in 2 s");
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
    }

    /// <summary>One generic message per item, each in a conversation of its own (redelivered after a 503); returns the conversations' ids.</summary>
    private static async Task<List<string>> SeedAsync(HttpClient http, string tenantId, string secret, IReadOnlyList<(string Customer, string Conversation, string? Email)> items)
    {
        var ids = new string[items.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var (customer, conversation, email) = items[i];
            var body = Webhooks.GenericBody("m-" + conversation, customer, "Message in " + conversation, conversation, "Fault Customer", email);
            var deadline = DateTimeOffset.UtcNow + Patience;
            while (true)
            {
                using var response = await Webhooks.PostGenericAsync(http, tenantId, secret, body);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && DateTimeOffset.UtcNow < deadline)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    continue;
                }

                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                ids[i] = (await Webhooks.JsonAsync(response)).GetProperty("conversationId").GetString()!;
                break;
            }
        });
        Assert.Equal(items.Count, ids.Distinct(StringComparer.Ordinal).Count());
        return [.. ids];
    }

    private async Task<List<string>> CustomerRefsAsync(string tenantId, IReadOnlyList<string> conversations)
    {
        await using var connection = new NpgsqlConnection(Cluster.Superuser);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT customer_ref FROM conversation_index WHERE tenant_id = $1 AND conversation_id = ANY ($2)", connection)
        {
            Parameters = { new NpgsqlParameter<string> { TypedValue = tenantId }, new NpgsqlParameter<string[]> { TypedValue = [.. conversations] } },
        };
        var refs = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            refs.Add(reader.GetString(0));
        }

        return refs;
    }

    private Task<long> ConversationsLeftAsync(string tenantId, IReadOnlyList<string> conversations) =>
        Sql.ScalarAsync(Cluster.Superuser, "SELECT count(*) FROM conversation_index WHERE tenant_id = $1 AND conversation_id = ANY ($2)", tenantId, conversations.ToArray());

    /// <summary>Rows naming any of <paramref name="refs"/>: every table with a customer_ref or subject_id column, Orleans' state rows, tombstones (key or payload) and reminders.</summary>
    private async Task<List<(string Table, long Rows)>> SubjectRowsAsync(IReadOnlyList<string> refs)
    {
        var columns = new List<(string Table, string Column)>();
        await using (var connection = new NpgsqlConnection(Cluster.Superuser))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT table_name, column_name FROM information_schema.columns WHERE column_name IN ('customer_ref', 'subject_id') AND table_schema = current_schema() ORDER BY 1, 2", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        Assert.Contains(columns, c => c.Table == "omniops_subject_keys");
        var rows = new List<(string, long)>();
        foreach (var (table, column) in columns)
        {
            rows.Add(($"{table}.{column}", await Sql.ScalarAsync(Cluster.Superuser, $"SELECT count(*) FROM {table} WHERE {column} = ANY ($1)", (object)refs.ToArray())));
        }

        foreach (var customerRef in refs)
        {
            rows.Add(("orleansstorage " + customerRef, await Sql.ScalarAsync(Cluster.Superuser,
                "SELECT count(*) FROM orleansstorage WHERE strpos(coalesce(grainidextensionstring, ''), $1) > 0 OR position(convert_to($1, 'UTF8') IN payloadbinary) > 0", customerRef)));
            rows.Add(("orleansstoragetombstone " + customerRef, await Sql.ScalarAsync(Cluster.Superuser,
                "SELECT count(*) FROM orleansstoragetombstone WHERE strpos(coalesce(grainidextensionstring, ''), $1) > 0", customerRef)));
            rows.Add(("orleansreminderstable " + customerRef, await Sql.ScalarAsync(Cluster.Superuser,
                "SELECT count(*) FROM orleansreminderstable WHERE strpos(grainid, $1) > 0", customerRef)));
        }

        return rows;
    }

    /// <summary>Checks the receipt's signature with the service's published key (and that a flipped bit fails it); returns the receipt.</summary>
    private static async Task<JsonElement> VerifiedReceiptAsync(HttpClient http, JsonElement signed)
    {
        var text = signed.GetProperty("receipt").GetString()!;
        using var pem = await http.GetAsync(new Uri($"/.well-known/omniops-receipt-keys/{signed.GetProperty("keyId").GetString()}.pem", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pem.StatusCode);
        using var key = ECDsa.Create();
        key.ImportFromPem(await pem.Content.ReadAsStringAsync());
        var bytes = Encoding.UTF8.GetBytes(text);
        var der = Convert.FromBase64String(signed.GetProperty("signature").GetString()!);
        Assert.True(key.VerifyData(bytes, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence), "the receipt's signature does not verify");
        bytes[^2] ^= 1;
        Assert.False(key.VerifyData(bytes, der, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string key, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await http.SendAsync(request);
    }

    /// <summary>Polls <paramref name="condition"/> (a failed call while the cluster fails over counts as not yet) for up to <see cref="Patience"/>.</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Patience;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
            }

            await Task.Delay(250);
        }

        return false;
    }
}
