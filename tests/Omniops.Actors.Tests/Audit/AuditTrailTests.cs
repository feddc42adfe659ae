using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Audit;

[Collection(ClusterCollection.Name)]
public sealed class AuditTrailTests(ClusterFixture fixture)
{
    [Fact]
    public async Task AdminActionsAreRecordedWithActorTimeTenantOperationAndOutcome()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        var tenant = await fixture.CreateTenantAsync();
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");

        var events = await ReadEventsAsync(tenant.AdminKey);

        Assert.Equal(["tenant.create", "auth.sign-in", "api-key.create"], events.Select(e => e.GetProperty("operation").GetString()).Take(3));
        var minted = events[2];
        Assert.Equal("tenant_admin", minted.GetProperty("actorKind").GetString());
        Assert.Equal(tenant.AdminKeyId, minted.GetProperty("actorId").GetString());
        Assert.Equal(AuditOutcomes.Success, minted.GetProperty("outcome").GetString());
        Assert.InRange(minted.GetProperty("occurredAt").GetDateTimeOffset(), started, DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Equal(events[1].GetProperty("hash").GetString(), minted.GetProperty("previousHash").GetString());
    }

    [Fact]
    public async Task VerifyReportsTheFirstRowASuperuserTamperedWith()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        Assert.True((await VerifyAsync(tenant.AdminKey)).GetProperty("valid").GetBoolean());

        await using (var superuser = new NpgsqlConnection(fixture.SuperuserConnectionString))
        {
            await superuser.OpenAsync();
            await using var bypassTriggers = new NpgsqlCommand("SET session_replication_role = replica", superuser);
            await bypassTriggers.ExecuteNonQueryAsync();
            await using var tamper = new NpgsqlCommand("UPDATE omniops_audit_events SET outcome = 'failure' WHERE tenant_id = $1 AND seq = 2", superuser);
            tamper.Parameters.AddWithValue(tenant.TenantId);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync());
        }

        var verification = await VerifyAsync(tenant.AdminKey);
        using var operatorCheck = await fixture.SendAsync(HttpMethod.Get, $"/ops/audit/verify?tenantId={tenant.TenantId}", fixture.OperatorKey);
        var operatorVerification = await operatorCheck.Content.ReadFromJsonAsync<JsonElement>();

        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(2, verification.GetProperty("firstBrokenSequence").GetInt64());
        Assert.False(operatorVerification.GetProperty("valid").GetBoolean());
        Assert.Equal(2, operatorVerification.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Theory]
    [InlineData("UPDATE omniops_audit_events SET outcome = 'x' WHERE tenant_id = $1")]
    [InlineData("DELETE FROM omniops_audit_events WHERE tenant_id = $1")]
    [InlineData("TRUNCATE omniops_audit_events")]
    public async Task TheApplicationRoleCannotRewriteTheAuditLog(string sql)
    {
        var tenant = await fixture.CreateTenantAsync();
        await using var application = new NpgsqlConnection(fixture.ApplicationConnectionString);
        await application.OpenAsync();
        await using var command = new NpgsqlCommand(sql, application);
        if (sql.Contains("$1", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue(tenant.TenantId);
        }

        await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.True((await VerifyAsync(tenant.AdminKey)).GetProperty("events").GetInt64() >= 1);
    }

    [Theory]
    [InlineData("UPDATE omniops_audit_events SET outcome = 'x' WHERE tenant_id = $1")]
    [InlineData("DELETE FROM omniops_audit_events WHERE tenant_id = $1")]
    [InlineData("TRUNCATE omniops_audit_events")]
    public async Task TheRuntimeRoleHasNoPrivilegeToRewriteTheAuditLogTriggersOrNot(string sql)
    {
        var tenant = await fixture.CreateTenantAsync();
        await using var application = new NpgsqlConnection(fixture.ApplicationConnectionString);
        await application.OpenAsync();
        await using var command = new NpgsqlCommand(sql, application);
        if (sql.Contains("$1", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue(tenant.TenantId);
        }

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        // Refused by the privilege system itself, not by the append-only trigger (which an owner could disable).
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.StartsWith("permission denied for table omniops_audit_events", refused.MessageText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALTER TABLE omniops_audit_events DISABLE TRIGGER omniops_audit_no_update")]
    [InlineData("ALTER TABLE omniops_audit_events DISABLE TRIGGER ALL")]
    [InlineData("DROP TRIGGER omniops_audit_no_truncate ON omniops_audit_events")]
    public async Task TheRuntimeRoleCannotDisableTheAuditLogsTriggers(string sql)
    {
        await using var application = new NpgsqlConnection(fixture.ApplicationConnectionString);
        await application.OpenAsync();
        await using var command = new NpgsqlCommand(sql, application);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal(3L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'omniops_audit_events'::regclass AND NOT tgisinternal AND tgenabled = 'O'"));
    }

    [Fact]
    public async Task AnEventThatDoesNotFollowTheStoredHeadCannotBeInserted()
    {
        var tenant = await fixture.CreateTenantAsync();
        await using var application = new NpgsqlConnection(fixture.ApplicationConnectionString);
        await application.OpenAsync();
        // Bound to the tenant, as the store binds it, so the row-level policy lets the insert through to the chain's trigger.
        await using var transaction = await application.BeginTransactionAsync();
        await using (var bind = new NpgsqlCommand("SELECT set_config('omniops.tenants', $1, true)", application, transaction))
        {
            bind.Parameters.AddWithValue(tenant.TenantId);
            await bind.ExecuteNonQueryAsync();
        }

        await using var command = new NpgsqlCommand("""
            INSERT INTO omniops_audit_events (tenant_id, seq, occurred_at, actor_kind, actor_id, operation, outcome, details, prev_hash, hash)
            VALUES ($1, 99, now(), 0, 'forger', 'forged', 'success', '{}', $2, $2)
            """, application, transaction);
        command.Parameters.AddWithValue(tenant.TenantId);
        command.Parameters.AddWithValue(new byte[32]);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
        Assert.Contains("does not follow the stored head", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedAuditWriteBlocksMintingAKey()
    {
        var tenant = await fixture.CreateTenantAsync();
        using (var signIn = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        HttpResponseMessage blocked;
        await using (await AuditOutageAsync(tenant.TenantId))
        {
            blocked = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", tenant.AdminKey, new { role = "admin", name = "during outage" });
        }

        using var keys = await fixture.SendAsync(HttpMethod.Get, "/v1/api-keys", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, blocked.StatusCode);
        Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
        Assert.Single((await keys.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        Assert.True((await VerifyAsync(tenant.AdminKey)).GetProperty("valid").GetBoolean());
        blocked.Dispose();
    }

    [Fact]
    public async Task SensitiveValuesAreStoredAsTenantKeyedHmacsAndPreviewsAreBoundedAndRedacted()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        const string email = "alice.customer@example.com";
        var prompt = $"Please refund order 1234 for {email} and call +44 20 7946 0958 " + new string('x', 300);
        var entry = new AuditEntry("ai.draft", AuditOutcomes.Success, Sensitive: new Dictionary<string, string> { ["email"] = email },
            Previews: new Dictionary<string, string> { ["prompt"] = prompt });

        await ClusterFixture.AsAsync(CallerContext.System(a.TenantId, "test"), () => fixture.Grains.GetAuditLogGrain(a.TenantId).AppendAsync(entry));
        await ClusterFixture.AsAsync(CallerContext.System(b.TenantId, "test"), () => fixture.Grains.GetAuditLogGrain(b.TenantId).AppendAsync(entry));
        var aEvent = (await ReadEventsAsync(a.AdminKey)).Single(e => e.GetProperty("operation").GetString() == "ai.draft");
        var bEvent = (await ReadEventsAsync(b.AdminKey)).Single(e => e.GetProperty("operation").GetString() == "ai.draft");

        var aDetails = aEvent.GetProperty("details");
        var preview = aDetails.GetProperty("preview:prompt").GetString()!;
        Assert.DoesNotContain(email, aEvent.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("7946", preview, StringComparison.Ordinal);
        Assert.True(preview.Length <= Redactor.PreviewLength);
        Assert.Matches("^[0-9a-f]{64}$", aDetails.GetProperty("hmac:email").GetString()!);
        Assert.NotEqual(aDetails.GetProperty("hmac:email").GetString(), bEvent.GetProperty("details").GetProperty("hmac:email").GetString());
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email))), aDetails.GetProperty("hmac:email").GetString());
    }

    [Fact]
    public async Task AMiddleEventRewrittenAndRehashedWithPlainSha256IsDetected()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        Assert.True((await VerifyAsync(tenant.AdminKey)).GetProperty("valid").GetBoolean());

        await using (var superuser = new NpgsqlConnection(fixture.SuperuserConnectionString))
        {
            await superuser.OpenAsync();
            await using (var bypassTriggers = new NpgsqlCommand("SET session_replication_role = replica", superuser))
            {
                await bypassTriggers.ExecuteNonQueryAsync();
            }

            var rows = new List<object?[]>();
            await using (var read = new NpgsqlCommand("""
                SELECT seq, occurred_at, actor_kind, tenant_id, actor_id, operation, outcome, resource, details, hash
                FROM omniops_audit_events WHERE tenant_id = $1 ORDER BY seq
                """, superuser))
            {
                read.Parameters.AddWithValue(tenant.TenantId);
                await using var reader = await read.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var row = new object[reader.FieldCount];
                    reader.GetValues(row);
                    rows.Add([.. row.Select(v => v is DBNull ? null : v)]);
                }
            }

            Assert.True(rows.Count >= 4);
            rows[2][6] = AuditOutcomes.Failure;
            var previous = (byte[])rows[1][9]!;
            foreach (var row in rows.Skip(2))
            {
                var hash = PlainSha256(previous, row);
                await using var rewrite = new NpgsqlCommand("UPDATE omniops_audit_events SET outcome = $3, prev_hash = $4, hash = $5 WHERE tenant_id = $1 AND seq = $2", superuser);
                rewrite.Parameters.AddWithValue(tenant.TenantId);
                rewrite.Parameters.AddWithValue((long)row[0]!);
                rewrite.Parameters.AddWithValue((string)row[6]!);
                rewrite.Parameters.AddWithValue(previous);
                rewrite.Parameters.AddWithValue(hash);
                Assert.Equal(1, await rewrite.ExecuteNonQueryAsync());
                previous = hash;
            }
        }

        var verification = await VerifyAsync(tenant.AdminKey);

        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(3, verification.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Fact]
    public async Task AfterItsLastEventIsDeletedTheLogRefusesToReuseItsSequenceNumber()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var last = (await ReadEventsAsync(tenant.AdminKey))[^1].GetProperty("sequence").GetInt64();
        await ExecuteAsSuperuserAsync($"SET session_replication_role = replica; DELETE FROM omniops_audit_events WHERE tenant_id = '{tenant.TenantId}' AND seq = {last}");

        using var first = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", tenant.AdminKey, new { role = "agent", name = "after the deletion" });
        using var second = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", tenant.AdminKey, new { role = "agent", name = "once more" });
        var verification = await VerifyAsync(tenant.AdminKey);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(last, verification.GetProperty("firstBrokenSequence").GetInt64());
    }

    [Fact]
    public async Task ATailDeletedAfterASignedCheckpointIsReportedOnceTheLogHasForgottenItsHead()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var checkpoint = await CheckpointAsync(tenant.TenantId);
        var last = checkpoint.GetProperty("sequence").GetInt64();
        await ExecuteAsSuperuserAsync($"SET session_replication_role = replica; DELETE FROM omniops_audit_events WHERE tenant_id = '{tenant.TenantId}' AND seq = {last}");

        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        using var operatorCheck = await fixture.SendAsync(HttpMethod.Get, $"/ops/audit/verify?tenantId={tenant.TenantId}", fixture.OperatorKey);
        var verification = await operatorCheck.Content.ReadFromJsonAsync<JsonElement>();
        using var append = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", tenant.AdminKey, new { role = "agent", name = "after the deletion" });

        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(last, verification.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, append.StatusCode);
    }

    [Fact]
    public async Task ASequenceReusedAfterTheCheckpointedEventWasDeletedIsReported()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var last = (await CheckpointAsync(tenant.TenantId)).GetProperty("sequence").GetInt64();
        await ExecuteAsSuperuserAsync($"SET session_replication_role = replica; DELETE FROM omniops_audit_events WHERE tenant_id = '{tenant.TenantId}' AND seq = {last}");
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // Whatever the grain does, an event written at the checkpointed sequence is not the checkpointed one.
        await ClusterFixture.AsAsync(CallerContext.System(tenant.TenantId, "test"), async () =>
        {
            try
            {
                await fixture.Grains.GetAuditLogGrain(tenant.TenantId).AppendAsync(new AuditEntry("reuse", AuditOutcomes.Success));
            }
            catch (AuditUnavailableException)
            {
            }

            return 0;
        });
        var verification = await VerifyAsync(tenant.AdminKey);

        Assert.False(verification.GetProperty("valid").GetBoolean());
        Assert.Equal(last, verification.GetProperty("firstBrokenSequence").GetInt64());
        Assert.Equal(last - 1, (await ReadEventsAsync(tenant.AdminKey))[^1].GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task ACheckpointVerifiesWithThePublishedPublicKey()
    {
        var tenant = await fixture.CreateTenantAsync();
        await fixture.CreateKeyAsync(tenant.AdminKey, "agent");
        var signed = await CheckpointAsync(tenant.TenantId);

        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/audit/checkpoint", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checkpoint = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(checkpoint.GetProperty("publicKey").GetString());
        var text = Encoding.UTF8.GetBytes(checkpoint.GetProperty("signedText").GetString()!);
        var signature = Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!);
        var head = (await VerifyAsync(tenant.AdminKey)).GetProperty("head").GetString();

        Assert.True(publicKey.VerifyData(text, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(publicKey.VerifyData((byte[])[.. text, (byte)'0'], signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(signed.GetProperty("sequence").GetInt64(), checkpoint.GetProperty("sequence").GetInt64());
        Assert.Equal(head, checkpoint.GetProperty("hash").GetString());
        Assert.StartsWith($"omniops-audit-checkpoint/v1\n{tenant.TenantId}\n{checkpoint.GetProperty("sequence").GetInt64()}\n{head}\n", checkpoint.GetProperty("signedText").GetString(), StringComparison.Ordinal);
        await VerifyWithOpensslIfPresentAsync(text, signature, checkpoint.GetProperty("publicKey").GetString()!);
    }

    private static async Task VerifyWithOpensslIfPresentAsync(byte[] text, byte[] signature, string publicKeyPem)
    {
        var openssl = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "openssl")).FirstOrDefault(File.Exists);
        if (openssl is null)
        {
            return;
        }

        var directory = Directory.CreateTempSubdirectory("omniops-checkpoint-").FullName;
        await File.WriteAllBytesAsync(Path.Combine(directory, "checkpoint.txt"), text);
        await File.WriteAllBytesAsync(Path.Combine(directory, "checkpoint.sig"), signature);
        await File.WriteAllTextAsync(Path.Combine(directory, "omniops.pem"), publicKeyPem);
        var start = new System.Diagnostics.ProcessStartInfo(openssl, ["dgst", "-sha256", "-verify", "omniops.pem", "-signature", "checkpoint.sig", "checkpoint.txt"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
    }

    private async Task<JsonElement> CheckpointAsync(string tenantId)
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, $"/ops/audit/checkpoints?tenantId={tenantId}", fixture.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>What an attacker with the table but not the key computes: the chain's encoding under unkeyed SHA-256.</summary>
    private static byte[] PlainSha256(byte[] previous, object?[] row)
    {
        var buffer = new List<byte>(previous);
        void Int64(long value)
        {
            var bytes = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            buffer.AddRange(bytes);
        }

        void Text(string? value)
        {
            var bytes = new byte[4];
            if (value is null)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, -1);
                buffer.AddRange(bytes);
                return;
            }

            var encoded = Encoding.UTF8.GetBytes(value);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, encoded.Length);
            buffer.AddRange(bytes);
            buffer.AddRange(encoded);
        }

        Int64((long)row[0]!);
        var occurred = new DateTimeOffset(DateTime.SpecifyKind((DateTime)row[1]!, DateTimeKind.Utc));
        Int64((occurred.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        Int64(Convert.ToInt64(row[2], System.Globalization.CultureInfo.InvariantCulture));
        for (var i = 3; i <= 8; i++)
        {
            Text((string?)row[i]);
        }

        return SHA256.HashData(buffer.ToArray());
    }

    private async Task<JsonElement[]> ReadEventsAsync(string adminKey)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", adminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray().ToArray();
    }

    private async Task<JsonElement> VerifyAsync(string adminKey)
    {
        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/audit/verify", adminKey);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Makes the database refuse this tenant's audit inserts until disposed (a superuser trigger).</summary>
    private async Task<IAsyncDisposable> AuditOutageAsync(string tenantId)
    {
        var name = "outage_" + tenantId;
        await ExecuteAsSuperuserAsync($"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'simulated audit outage'; END; $$;
            CREATE TRIGGER {name} BEFORE INSERT ON omniops_audit_events FOR EACH ROW
                WHEN (NEW.tenant_id = '{tenantId}') EXECUTE FUNCTION {name}();
            """);
        return new Restore(() => ExecuteAsSuperuserAsync($"DROP TRIGGER {name} ON omniops_audit_events; DROP FUNCTION {name}();"));
    }

    private async Task ExecuteAsSuperuserAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Restore(Func<Task> restore) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await restore();
    }
}
