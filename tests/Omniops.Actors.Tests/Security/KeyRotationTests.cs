using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Security;

/// <summary>Master-key rotation on live data, tenant key rotation, and the start-up refusal of a wrong key.</summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task RotatingTheMasterKeyKeepsEverythingReadableAndRetiresTheOldKey()
    {
        var (application, owner, _) = await PostgresServer.Instance.CreateDatabaseAsync("rotation");
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var settings = OmniopsTestCluster.Settings(application, owner, "rotation", "omniops-rotation", Path.GetTempFileName());
        settings["Omniops:MasterKey"] = oldKey;
        TenantCreatedResponse tenant;

        await using (var deployment = await Deployment.StartAsync(settings))
        {
            tenant = await deployment.CreateTenantAsync("Rotation Outfitters");
            await deployment.PutCredentialAsync(tenant, "generic", "secret-under-old-key");
        }

        settings["Omniops:MasterKey"] = newKey;
        settings["Omniops:PreviousMasterKeys:0"] = oldKey;
        await using (var deployment = await Deployment.StartAsync(settings))
        {
            Assert.Equal("Rotation Outfitters", await deployment.TenantNameAsync(tenant));
            Assert.True(await deployment.VerifyAsync(tenant, "generic", "secret-under-old-key"));
            var before = await deployment.OperatorAsync(HttpMethod.Get, "/ops/keys");
            var rewrap = await deployment.OperatorAsync(HttpMethod.Post, "/ops/keys/master/rewrap");
            var rotated = await deployment.OperatorAsync(HttpMethod.Post, $"/ops/keys/tenants/{tenant.TenantId}/rotate");
            await deployment.PutCredentialAsync(tenant, "shopify", "secret-under-tenant-key-v2");

            var current = rewrap.GetProperty("currentMasterKeyId").GetString()!;
            Assert.Contains(before.GetProperty("tenantKeysByMasterKey").EnumerateObject(), p => p.Name != current);
            Assert.True(rewrap.GetProperty("rewrapped").GetInt32() >= 2);
            Assert.Equal([current], rewrap.GetProperty("tenantKeysByMasterKey").EnumerateObject().Select(p => p.Name));
            Assert.Equal(2, rotated.GetProperty("version").GetInt32());
            Assert.True(await deployment.VerifyAsync(tenant, "shopify", "secret-under-tenant-key-v2"));
        }

        settings.Remove("Omniops:PreviousMasterKeys:0");
        await using (var deployment = await Deployment.StartAsync(settings))
        {
            Assert.Equal("Rotation Outfitters", await deployment.TenantNameAsync(tenant));
            Assert.True(await deployment.VerifyAsync(tenant, "generic", "secret-under-old-key"));
            Assert.True(await deployment.VerifyAsync(tenant, "shopify", "secret-under-tenant-key-v2"));
            var operatorLog = await deployment.OperatorAsync(HttpMethod.Get, "/ops/audit/verify?tenantId=ops");
            Assert.True(operatorLog.GetProperty("valid").GetBoolean());
        }

        settings["Omniops:MasterKey"] = oldKey;
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var deployment = await Deployment.StartAsync(settings);
        });
        Assert.Contains("cannot unwrap", refused.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A two-silo cluster on the given settings with the gateway in front of it.</summary>
    private sealed class Deployment : IAsyncDisposable
    {
        private readonly Orleans.TestingHost.InProcessTestCluster _cluster;
        private readonly Microsoft.AspNetCore.Builder.WebApplication _gateway;
        private readonly HttpClient _http;
        private readonly string _operatorKey;

        private Deployment(Orleans.TestingHost.InProcessTestCluster cluster, Microsoft.AspNetCore.Builder.WebApplication gateway, Uri address, string operatorKey)
        {
            (_cluster, _gateway, _operatorKey) = (cluster, gateway, operatorKey);
            _http = new HttpClient { BaseAddress = address };
        }

        public static async Task<Deployment> StartAsync(Dictionary<string, string?> settings)
        {
            var cluster = OmniopsTestCluster.Build(new Dictionary<string, string?>(settings));
            try
            {
                await cluster.DeployAsync();
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }

            var (gateway, address) = await GatewayHost.StartAsync(cluster.Client, settings);
            return new Deployment(cluster, gateway, address, settings["Omniops:OperatorKey"]!);
        }

        public async Task<TenantCreatedResponse> CreateTenantAsync(string name)
        {
            using var response = await SendAsync(HttpMethod.Post, "/v1/tenants", _operatorKey, new { name });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<TenantCreatedResponse>())!;
        }

        public async Task PutCredentialAsync(TenantCreatedResponse tenant, string integration, string secret)
        {
            using var response = await SendAsync(HttpMethod.Put, $"/v1/credentials/{integration}", tenant.AdminKey, new { secret, accounts = Channels.Webhooks.AccountsOf(integration) });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        public async Task<string?> TenantNameAsync(TenantCreatedResponse tenant)
        {
            using var response = await SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey, null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString();
        }

        public Task<bool> VerifyAsync(TenantCreatedResponse tenant, string integration, string secret)
        {
            var payload = Encoding.UTF8.GetBytes("1700000000.{\"hello\":1}");
            var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload));
            return CallerContext.RunAsAsync(CallerContext.System(tenant.TenantId, "test"), () =>
                _cluster.Client.GetCredentialGrain(tenant.TenantId, integration).VerifySignatureAsync(new SignatureCheck(SignatureAlgorithm.HmacSha256Hex, payload, signature)));
        }

        public async Task<JsonElement> OperatorAsync(HttpMethod method, string path)
        {
            using var response = await SendAsync(method, path, _operatorKey, null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _gateway.DisposeAsync();
            await _cluster.DisposeAsync();
        }

        private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string key, object? body)
        {
            var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            return _http.SendAsync(request);
        }
    }
}
