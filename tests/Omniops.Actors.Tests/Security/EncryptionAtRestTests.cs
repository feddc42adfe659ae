using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Security;

/// <summary>What is stored is ciphertext bound to where it belongs; destroying a subject's key erases every copy.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EncryptionAtRestTests(ClusterFixture fixture)
{
    [Fact]
    public async Task PlantedSecretsAndPersonalDataAppearNowhereInADumpOfTheDatabaseOrInTheLogs()
    {
        var unique = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var personName = $"Annabel Canary {unique}";
        var email = $"annabel.{unique}@example.com";
        var secret = $"whsec_canary_{unique}";
        var phone = "+1555" + RandomNumberGenerator.GetInt32(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var messageText = $"My parcel to 12 Canary Lane {unique} never arrived";
        var customerRef = $"crm-customer-{unique}";
        var tenant = await fixture.CreateTenantAsync(personName);
        using (var key = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", tenant.AdminKey, new { role = "agent", name = $"laptop of {email}" }))
        using (var credential = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic", tenant.AdminKey, new { secret }))
        {
            Assert.Equal(HttpStatusCode.Created, key.StatusCode);
            Assert.Equal(HttpStatusCode.OK, credential.StatusCode);
        }

        using (var profile = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey))
        {
            Assert.Contains(personName, await profile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A customer's message with contact details, through the signed webhook: stored, readable by an agent.
        var body = Channels.Webhooks.GenericBody("msg-" + unique, customerRef, messageText, name: personName, email: email, phone: phone);
        using (var delivered = await Channels.Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret, body))
        {
            Assert.Equal(HttpStatusCode.Accepted, delivered.StatusCode);
            var conversationId = (await Channels.Webhooks.JsonAsync(delivered)).GetProperty("conversationId").GetString();
            using var read = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/" + conversationId, tenant.AdminKey);
            Assert.Contains(messageText, await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var dump = await DumpDatabaseAsync();
        var log = await OmniopsTestCluster.ReadLogsAsync(fixture.Settings);

        Assert.Contains("omniops_audit_events", dump, StringComparison.Ordinal);
        Assert.Contains("Tenant " + tenant.TenantId + " created", log, StringComparison.Ordinal);
        Assert.Contains("omniops_messages", dump, StringComparison.Ordinal);
        foreach (var canary in new[] { personName, email, secret, tenant.AdminKey.Split('.')[3], phone, messageText, customerRef })
        {
            foreach (var form in Encodings(canary))
            {
                Assert.DoesNotContain(form, dump, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(form, log, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task CiphertextMovedToAnotherGrainOrTenantFailsToDecryptWithAClearError()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        foreach (var (key, integration) in new[] { (a.AdminKey, "generic"), (a.AdminKey, "shopify"), (b.AdminKey, "generic") })
        {
            using var put = await fixture.SendAsync(HttpMethod.Put, $"/v1/credentials/{integration}", key, new { secret = $"secret-of-{integration}", accounts = Channels.Webhooks.AccountsOf(integration) });
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        await CopyStatePayloadAsync(from: GrainKeys.Scoped(a.TenantId, "generic"), to: GrainKeys.Scoped(a.TenantId, "shopify"));
        await CopyStatePayloadAsync(from: GrainKeys.Scoped(a.TenantId, "generic"), to: GrainKeys.Scoped(b.TenantId, "generic"));
        var otherGrain = fixture.Grains.GetCredentialGrain(a.TenantId, "shopify");
        var otherTenant = fixture.Grains.GetCredentialGrain(b.TenantId, "generic");
        await fixture.Cluster.DeactivateAsync(otherGrain);
        await fixture.Cluster.DeactivateAsync(otherTenant);

        var movedToGrain = await Assert.ThrowsAsync<DecryptionFailedException>(() => Verify(a.TenantId, otherGrain));
        var movedToTenant = await Assert.ThrowsAsync<DecryptionFailedException>(() => Verify(b.TenantId, otherTenant));

        Assert.Contains("could not be decrypted", movedToGrain.Message, StringComparison.Ordinal);
        Assert.Contains("could not be decrypted", movedToTenant.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-of", movedToGrain.Message + movedToTenant.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFieldOpenedUnderAnotherNameGrainOrKeyVersionIsRefused()
    {
        var tenant = await fixture.CreateTenantAsync();
        var keyring = Services.GetRequiredService<TenantKeyring>();
        var key = await keyring.CurrentAsync(tenant.TenantId);
        var sealedField = FieldCipher.SealString(key, "customer/" + tenant.TenantId + "/c1", "email", "someone@example.com");

        Assert.Equal("someone@example.com", FieldCipher.OpenString(key, "customer/" + tenant.TenantId + "/c1", "email", sealedField));
        Assert.Throws<DecryptionFailedException>(() => FieldCipher.OpenString(key, "customer/" + tenant.TenantId + "/c1", "phone", sealedField));
        Assert.Throws<DecryptionFailedException>(() => FieldCipher.OpenString(key, "customer/" + tenant.TenantId + "/c2", "email", sealedField));
        Assert.Throws<DecryptionFailedException>(() => FieldCipher.OpenString(key, "customer/" + tenant.TenantId + "/c1", "email", sealedField with { Ciphertext = [.. sealedField.Ciphertext[..^1], (byte)(sealedField.Ciphertext[^1] ^ 1)] }));
        Assert.Throws<DecryptionFailedException>(() => FieldCipher.OpenString(key, "customer/" + tenant.TenantId + "/c1", "email", sealedField with { KeyVersion = 2 }));
    }

    [Fact]
    public async Task AfterASubjectsKeyIsDestroyedACopyOfItsDataTakenBeforehandCannotBeDecrypted()
    {
        var tenant = await fixture.CreateTenantAsync();
        var subjects = Services.GetRequiredService<SubjectKeyring>();
        var owner = $"customer/{tenant.TenantId}/c42";
        var key = await subjects.GetOrCreateAsync(tenant.TenantId, "c42");
        var email = FieldCipher.SealString(key, owner, "email", "erase.me@example.com");
        var backup = fixture.SuperuserConnectionString;
        await Sql.ExecuteAsync(backup, "CREATE TABLE IF NOT EXISTS test_backup_copy (owner text, nonce bytea, ciphertext bytea, tag bytea, version int)");
        await Sql.ExecuteAsync(backup, "INSERT INTO test_backup_copy VALUES ($1, $2, $3, $4, $5)", owner, email.Nonce, email.Ciphertext, email.Tag, email.KeyVersion);
        Assert.Equal("erase.me@example.com", FieldCipher.OpenString(await subjects.GetAsync(tenant.TenantId, "c42"), owner, "email", email));

        Assert.True(await subjects.DestroyAsync(tenant.TenantId, "c42"));

        var copy = await ReadBackupAsync(backup, owner);
        Assert.Equal(0L, await Sql.ScalarAsync(backup, "SELECT count(*) FROM omniops_subject_keys WHERE tenant_id = $1 AND subject_id = 'c42'", tenant.TenantId));
        await Assert.ThrowsAsync<SubjectErasedException>(() => subjects.GetAsync(tenant.TenantId, "c42"));
        var successor = await subjects.GetOrCreateAsync(tenant.TenantId, "c42");
        Assert.Throws<DecryptionFailedException>(() => FieldCipher.OpenString(successor, owner, "email", copy));
    }

    private IServiceProvider Services => fixture.Cluster.Silos[0].SiloHost.Services;

    private static Task<bool> Verify(string tenantId, ICredentialGrain grain) =>
        CallerContext.RunAsAsync(CallerContext.System(tenantId, "test"), () => grain.VerifySignatureAsync(new SignatureCheck(SignatureAlgorithm.HmacSha256Hex, [1], "00")));

    private async Task CopyStatePayloadAsync(string from, string to)
    {
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1", to));
        await Sql.ExecuteAsync(fixture.SuperuserConnectionString, """
            UPDATE orleansstorage SET payloadbinary = (SELECT payloadbinary FROM orleansstorage WHERE grainidextensionstring = $1)
            WHERE grainidextensionstring = $2
            """, from, to);
    }

    private async Task<string> DumpDatabaseAsync()
    {
        var connection = new NpgsqlConnectionStringBuilder(fixture.SuperuserConnectionString);
        var start = new ProcessStartInfo("pg_dump", ["-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, "-d", connection.Database!])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }

    /// <summary>The forms a string can take in a dump: itself, hex of its UTF-8 (bytea), base64.</summary>
    private static IEnumerable<string> Encodings(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        yield return value;
        yield return Convert.ToHexStringLower(bytes);
        yield return Convert.ToBase64String(bytes)[..^4];
    }

    private static async Task<EncryptedField> ReadBackupAsync(string connectionString, string owner)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT nonce, ciphertext, tag, version FROM test_backup_copy WHERE owner = $1", connection);
        command.Parameters.AddWithValue(owner);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new EncryptedField(SubjectKeyring.KeyId, reader.GetInt32(3), reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2));
    }
}
