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
}
