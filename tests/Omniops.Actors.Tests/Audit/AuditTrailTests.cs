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
        Assert.True((await VerifyAsync(tenant.AdminKey)).GetProperty("events").GetInt64() >= 1);
    }

    [Theory]
    [InlineData("ALTER TABLE omniops_audit_events DISABLE TRIGGER omniops_audit_no_update")]
    [InlineData("ALTER TABLE omniops_audit_events DISABLE TRIGGER ALL")]
    [InlineData("DROP TRIGGER omniops_audit_no_truncate ON omniops_audit_events")]
    [InlineData("ALTER TABLE omniops_audit_events DISABLE TRIGGER omniops_audit_no_delete")]
    public async Task TheRuntimeRoleCannotDisableTheAuditLogsTriggers(string sql)
    {
        await using var application = new NpgsqlConnection(fixture.ApplicationConnectionString);
        await application.OpenAsync();
        await using var command = new NpgsqlCommand(sql, application);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        // No update, no delete (outside retention's function), no truncate, chain continuity.
        Assert.Equal(4L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
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
        await using (await AuditOutage.StartAsync(fixture, tenant.TenantId))
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

    private Task<JsonElement[]> ReadEventsAsync(string adminKey) => AuditChecks.ReadEventsAsync(fixture, adminKey);

    private Task<JsonElement> VerifyAsync(string adminKey) => AuditChecks.VerifyAsync(fixture, adminKey);
}
