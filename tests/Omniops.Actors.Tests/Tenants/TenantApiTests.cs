using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Tenants;

[Collection(ClusterCollection.Name)]
public sealed class TenantApiTests(ClusterFixture fixture)
{
    [Fact]
    public async Task OperatorCreatesATenantWhoseAdminKeyReadsItsProfile()
    {
        var created = await fixture.CreateTenantAsync("Acme Outdoor");

        using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", created.AdminKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tenant = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(created.TenantId, tenant.GetProperty("tenantId").GetString());
        Assert.Equal("Acme Outdoor", tenant.GetProperty("name").GetString());
        Assert.Equal("eu", tenant.GetProperty("region").GetString());
        Assert.Equal("P365D", tenant.GetProperty("settings").GetProperty("retention").GetProperty("conversations").GetString());
        Assert.False(tenant.GetProperty("settings").GetProperty("ai").GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task TenantCreationNeedsTheOperatorKey()
    {
        var created = await fixture.CreateTenantAsync();

        using var withTenantKey = await fixture.SendAsync(HttpMethod.Post, "/v1/tenants", created.AdminKey, new { name = "Sneaky" });
        using var withoutKey = await fixture.SendAsync(HttpMethod.Post, "/v1/tenants", null, new { name = "Sneaky" });

        Assert.Equal(HttpStatusCode.Unauthorized, withTenantKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal("application/problem+json", withoutKey.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SettingsPatchChangesOnlyTheGivenValues()
    {
        var created = await fixture.CreateTenantAsync();

        using var response = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", created.AdminKey,
            new { retention = new { conversations = "P30D" }, ai = new { enabled = true, allowedRegions = new[] { "eu" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var settings = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("settings");
        Assert.Equal("P30D", settings.GetProperty("retention").GetProperty("conversations").GetString());
        Assert.Equal("P730D", settings.GetProperty("retention").GetProperty("orders").GetString());
        Assert.True(settings.GetProperty("ai").GetProperty("enabled").GetBoolean());
        Assert.False(settings.GetProperty("ai").GetProperty("trainingOptIn").GetBoolean());
        Assert.Equal("eu", settings.GetProperty("ai").GetProperty("allowedRegions")[0].GetString());
    }

    [Fact]
    public async Task AnApiKeyIsShownOnceAndStoredOnlyAsAHash()
    {
        var created = await fixture.CreateTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(created.AdminKey, "agent");

        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/api-keys", created.AdminKey);
        var listed = await list.Content.ReadAsStringAsync();
        var secret = agentKey.Split('.')[3];

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(listed).RootElement.GetArrayLength());
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(created.AdminKey.Split('.')[3], listed, StringComparison.Ordinal);
        await using var database = new Npgsql.NpgsqlConnection(fixture.SuperuserConnectionString);
        await database.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM orleansstorage WHERE position(convert_to($1, 'UTF8') in payloadbinary) > 0", database);
        command.Parameters.AddWithValue(secret);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task AnAgentKeyCannotAdministerTheTenant()
    {
        var created = await fixture.CreateTenantAsync();
        var agentKey = await fixture.CreateKeyAsync(created.AdminKey, "agent");

        using var read = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", agentKey);
        using var patch = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", agentKey, new { ai = new { enabled = true } });
        using var mint = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", agentKey, new { role = "admin", name = "escalate" });
        using var audit = await fixture.SendAsync(HttpMethod.Get, "/v1/audit", agentKey);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, patch.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, audit.StatusCode);
    }

    [Fact]
    public async Task ARevokedKeyNoLongerAuthenticates()
    {
        var created = await fixture.CreateTenantAsync();
        using var minted = await fixture.SendAsync(HttpMethod.Post, "/v1/api-keys", created.AdminKey, new { role = "agent", name = "temp" });
        var key = (await minted.Content.ReadFromJsonAsync<ApiKeyCreatedResponse>())!;

        using var revoke = await fixture.SendAsync(HttpMethod.Delete, $"/v1/api-keys/{key.KeyId}", created.AdminKey);
        using var after = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", key.Key);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
