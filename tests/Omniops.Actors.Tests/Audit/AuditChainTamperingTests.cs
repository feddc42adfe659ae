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

/// <summary>
/// A superuser rewrites or truncates a tenant's audit chain; the keyed chain and the signed checkpoints show it, and
/// the log never reuses a sequence it has used.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class AuditChainTamperingTests(ClusterFixture fixture)
{
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
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, $"SET session_replication_role = replica; DELETE FROM omniops_audit_events WHERE tenant_id = '{tenant.TenantId}' AND seq = {last}");

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
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, $"SET session_replication_role = replica; DELETE FROM omniops_audit_events WHERE tenant_id = '{tenant.TenantId}' AND seq = {last}");

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
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, $"SET session_replication_role = replica; DELETE FROM omniops_audit_events WHERE tenant_id = '{tenant.TenantId}' AND seq = {last}");
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

    private Task<JsonElement[]> ReadEventsAsync(string adminKey) => AuditChecks.ReadEventsAsync(fixture, adminKey);

    private Task<JsonElement> VerifyAsync(string adminKey) => AuditChecks.VerifyAsync(fixture, adminKey);
}
