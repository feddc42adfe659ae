using System.Net.Http.Json;
using System.Text.Json;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Tests.Infrastructure;
using Omniops.Actors.Tests.Web;

namespace Omniops.Actors.Tests.Members;

/// <summary>Changing a member's role (the team page's form): audited, known roles only, and never the last admin away.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MemberRoleTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_admin_changes_roles_but_cannot_make_the_last_admin_an_agent_and_each_change_is_audited()
    {
        var tenant = await fixture.CreateTenantAsync("Role Outfitters");
        var first = await OperationsSeed.AddMemberAsync(fixture, tenant.AdminKey, MemberClient.NewEmail("role-admin"), Roles.Admin);
        var second = await OperationsSeed.AddMemberAsync(fixture, tenant.AdminKey, MemberClient.NewEmail("role-agent"), Roles.Agent);
        var admin = new CallerContext(tenant.TenantId, first, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
        var agent = new CallerContext(tenant.TenantId, second, ActorKind.Agent, Roles.ScopesOf(Roles.Agent));
        var members = fixture.Grains.GetMembersGrain(tenant.TenantId);

        await Assert.ThrowsAsync<AccessDeniedException>(() => ClusterFixture.AsAsync(agent, () => members.ChangeRoleAsync(second, Roles.Admin)));
        Assert.Equal(Roles.Admin, (await ClusterFixture.AsAsync(admin, () => members.ChangeRoleAsync(second, Roles.Admin))).Role);
        Assert.Equal(Roles.Agent, (await ClusterFixture.AsAsync(admin, () => members.ChangeRoleAsync(first, Roles.Agent))).Role);
        await Assert.ThrowsAsync<ConflictException>(() => ClusterFixture.AsAsync(admin, () => members.ChangeRoleAsync(second, Roles.Agent)));
        await Assert.ThrowsAsync<RequestValidationException>(() => ClusterFixture.AsAsync(admin, () => members.ChangeRoleAsync(first, "owner")));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => ClusterFixture.AsAsync(admin, () => members.ChangeRoleAsync(GrainKeys.NewLocalId('m'), Roles.Admin)));

        var roles = (await ClusterFixture.AsAsync(admin, () => members.ListAsync())).ToDictionary(m => m.MemberId, m => m.Role);
        Assert.Equal((Roles.Agent, Roles.Admin), (roles[first], roles[second]));
        using var trail = await fixture.SendAsync(HttpMethod.Get, "/v1/audit?limit=500", tenant.AdminKey);
        var changes = (await trail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("operation").GetString() == "member.role.change")
            .Select(e => (e.GetProperty("resource").GetString()!, e.GetProperty("details").GetProperty("to").GetString()!)).ToList();
        Assert.Equal([(second, Roles.Admin), (first, Roles.Agent)], changes);
    }
}
