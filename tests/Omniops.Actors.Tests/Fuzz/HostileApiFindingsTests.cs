using System.Net;
using System.Text;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Fuzz;

/// <summary>Findings of <see cref="HostileApiTests"/>, minimised into regular tests.</summary>
[Collection(ClusterCollection.Name)]
public sealed class HostileApiFindingsTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ApprovingAnActionThatDoesNotExistIsNotFoundEvenWhenManyAskAtOnce()
    {
        var tenant = await fixture.CreateTenantAsync("Fuzz finding actions");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(new string('[', i * 100)));
            using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/actions/a" + new string('b', 20) + "/approve", tenant.AdminKey, content);
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NotFound, s));
    }

    [Fact]
    public async Task RepliesToAndReadsOfAConversationThatDoesNotExistAreNotFoundEvenWhenManyAskAtOnce()
    {
        var tenant = await fixture.CreateTenantAsync("Fuzz finding conversations");
        var agent = await fixture.CreateKeyAsync(tenant.AdminKey, "agent");

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/conversations/c" + new string('q', 20) + "/replies", i % 2 == 0 ? agent : tenant.AdminKey, new { text = "hello" });
            return response.StatusCode;
        }));
        var reads = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/conversations/c" + new string('r', 20), tenant.AdminKey);
            return response.StatusCode;
        }));

        Assert.All(statuses.Concat(reads), s => Assert.Equal(HttpStatusCode.NotFound, s));
    }
}
