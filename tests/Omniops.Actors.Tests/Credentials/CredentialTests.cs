using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Credentials;

[Collection(ClusterCollection.Name)]
public sealed class CredentialTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ASecretGoesInOnceAndOnlyMetadataEverComesOut()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = "whsec_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

        using var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic", tenant.AdminKey, new { secret });
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/credentials", tenant.AdminKey);
        using var profile = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey);
        using var audit = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", tenant.AdminKey);
        var bodies = new[] { await put.Content.ReadAsStringAsync(), await list.Content.ReadAsStringAsync(), await profile.Content.ReadAsStringAsync(), await audit.Content.ReadAsStringAsync() };

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var metadata = JsonDocument.Parse(bodies[0]).RootElement;
        Assert.Equal("generic", metadata.GetProperty("integration").GetString());
        Assert.Matches("^fp-[0-9a-f]{16}$", metadata.GetProperty("fingerprint").GetString()!);
        Assert.Equal("generic", JsonDocument.Parse(bodies[1]).RootElement[0].GetProperty("integration").GetString());
        Assert.Contains("generic", JsonDocument.Parse(bodies[2]).RootElement.GetProperty("integrations").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("credential.create", bodies[3], StringComparison.Ordinal);
        Assert.All(bodies, body => Assert.DoesNotContain(secret, body, StringComparison.Ordinal));
        Assert.All(bodies, body => Assert.DoesNotContain(secret[6..], body, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task DeletingACredentialDisconnectsTheIntegration()
    {
        var tenant = await fixture.CreateTenantAsync();
        using (await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/shopify", tenant.AdminKey, new { secret = "shpss_first", accounts = new[] { Channels.Webhooks.ShopDomain } }))
        {
        }

        using var delete = await fixture.SendAsync(HttpMethod.Delete, "/v1/credentials/shopify", tenant.AdminKey);
        using var again = await fixture.SendAsync(HttpMethod.Delete, "/v1/credentials/shopify", tenant.AdminKey);
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/credentials", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => AsSystem(tenant.TenantId,
            () => fixture.Grains.GetCredentialGrain(tenant.TenantId, "shopify").VerifySignatureAsync(Hex("shpss_first", "x"))));
    }

    [Fact]
    public async Task ARotatedSecretKeepsVerifyingForItsGracePeriodOnly()
    {
        var tenant = await fixture.CreateTenantAsync();
        var grain = fixture.Grains.GetCredentialGrain(tenant.TenantId, "generic");
        await Put(tenant.AdminKey, new { secret = "first-secret" });
        Assert.True(await AsSystem(tenant.TenantId, () => grain.VerifySignatureAsync(Hex("first-secret", "1700000000.{}"))));

        await Put(tenant.AdminKey, new { secret = "second-secret", graceSeconds = 3600 });
        Assert.True(await AsSystem(tenant.TenantId, () => grain.VerifySignatureAsync(Hex("first-secret", "1700000000.{}"))));
        Assert.True(await AsSystem(tenant.TenantId, () => grain.VerifySignatureAsync(Base64("second-secret", "1700000000.{}"))));

        await Put(tenant.AdminKey, new { secret = "third-secret", graceSeconds = 0 });
        Assert.False(await AsSystem(tenant.TenantId, () => grain.VerifySignatureAsync(Hex("second-secret", "1700000000.{}"))));
        Assert.False(await AsSystem(tenant.TenantId, () => grain.VerifySignatureAsync(Hex("first-secret", "1700000000.{}"))));
        Assert.True(await AsSystem(tenant.TenantId, () => grain.VerifySignatureAsync(Hex("third-secret", "1700000000.{}"))));
        var tampered = Hex("third-secret", "1700000000.{}") with { SignedBytes = Encoding.UTF8.GetBytes("1700000000.{\"refund\":1}") };
        Assert.False(await AsSystem(tenant.TenantId, () => grain.VerifySignatureAsync(tampered)));
    }

    [Fact]
    public async Task AnOutboundCallCarriesTheSecretOnlyToAnAllowedHost()
    {
        var tenant = await fixture.CreateTenantAsync();
        string? received = null;
        await using var server = await StartEchoServerAsync(header => received = header);
        var host = $"127.0.0.1:{server.Port}";
        await Put(tenant.AdminKey, new { secret = "shpat_outbound", allowedHosts = new[] { host } });
        var grain = fixture.Grains.GetCredentialGrain(tenant.TenantId, "shopify-admin");

        var response = await AsSystem(tenant.TenantId, () => grain.SendAsync(new OutboundRequest("GET", new Uri($"http://{host}/admin/api/orders.json"), "X-Shopify-Access-Token", null)));
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => AsSystem(tenant.TenantId,
            () => grain.SendAsync(new OutboundRequest("GET", new Uri($"http://127.0.0.2:{server.Port}/steal")))));

        Assert.Equal(200, response.Status);
        Assert.Equal("shpat_outbound", received);
        Assert.DoesNotContain("shpat_outbound", Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
        Assert.DoesNotContain("shpat", denied.Message, StringComparison.Ordinal);

        async Task Put(string key, object body)
        {
            using var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/shopify-admin", key, body);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
    }

    [Fact]
    public async Task AnotherTenantsCredentialIsInvisibleAndUnusable()
    {
        var a = await fixture.CreateTenantAsync();
        var b = await fixture.CreateTenantAsync();
        await Put(a.AdminKey, new { secret = "a-secret" });

        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/credentials", b.AdminKey);
        var foreign = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            AsSystem(b.TenantId, () => fixture.Grains.GetCredentialGrain(a.TenantId, "generic").VerifySignatureAsync(Hex("a-secret", "x"))));

        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.Equal(new ResourceNotFoundException().Message, foreign.Message);
    }

    [Theory]
    [InlineData("{\"secret\": \"\"}")]
    [InlineData("{\"secret\": 12}")]
    [InlineData("{\"secret\": \"s\", \"graceSeconds\": -1}")]
    [InlineData("{\"secret\": \"s\", \"allowedHosts\": [\"not a host!\"]}")]
    [InlineData("{}")]
    public async Task ABadCredentialRequestStoresNothing(string body)
    {
        var tenant = await fixture.CreateTenantAsync();

        using var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic", tenant.AdminKey, ClusterFixture.RawJson(body));
        using var list = await fixture.SendAsync(HttpMethod.Get, "/v1/credentials", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal(0, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    private async Task Put(string key, object body)
    {
        using var put = await fixture.SendAsync(HttpMethod.Put, "/v1/credentials/generic", key, body);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    private static Task<T> AsSystem<T>(string tenantId, Func<Task<T>> action) => CallerContext.RunAsAsync(CallerContext.System(tenantId, "test"), action);

    private static SignatureCheck Hex(string secret, string payload) =>
        new(SignatureAlgorithm.HmacSha256Hex, Encoding.UTF8.GetBytes(payload), Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload))));

    private static SignatureCheck Base64(string secret, string payload) =>
        new(SignatureAlgorithm.HmacSha256Base64, Encoding.UTF8.GetBytes(payload), Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload))));

    private static async Task<EchoServer> StartEchoServerAsync(Action<string?> onRequest)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/admin/api/orders.json", (HttpRequest request) =>
        {
            onRequest(request.Headers["X-Shopify-Access-Token"].ToString());
            return Results.Json(new { orders = Array.Empty<object>() });
        });
        await app.StartAsync();
        return new EchoServer(app, new Uri(app.Urls.First()).Port);
    }

    private sealed record EchoServer(WebApplication App, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
