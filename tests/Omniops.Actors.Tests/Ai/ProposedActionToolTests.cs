using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Actions;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Ai.Tools;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Ai;

/// <summary>
/// The proposal tools, called as the model would call them (through a Kernel, as the requesting agent): they only
/// record a proposal; policy code decides what may be recorded and who must approve it, and only an approval executes.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ProposedActionToolTests(ClusterFixture fixture)
{
    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task ARefundProposedAboveTheThresholdDoesNotExecuteUntilATenantAdminApprovesIt()
    {
        var shop = await ShopWithOrdersAsync();
        var context = new AiToolContext(shop.Tenant.TenantId, "cdraft1", shop.CustomerRef);

        var outcome = await ProposeRefundAsync(context, "#1042", 50m, "USD");

        Assert.True(outcome.Recorded);
        Assert.True(outcome.RequiresAdminApproval);
        var proposed = Assert.Single(context.ProposedActions);
        Assert.Equal(outcome.ActionId, proposed.ActionId);
        Assert.Equal(ActionStatuses.Proposed, proposed.Status);
        var actionId = proposed.ActionId;

        // Not the model, not an agent, not another tenant: nothing executes.
        await Assert.ThrowsAsync<AccessDeniedException>(() => ClusterFixture.AsAsync(WebhookChecks.Agent(shop.Tenant.TenantId),
            () => fixture.Grains.GetActionGrain(shop.Tenant.TenantId, actionId).ApproveAsync()));
        var agentKey = await fixture.CreateKeyAsync(shop.Tenant.AdminKey, "agent");
        using (var byAgent = await fixture.SendAsync(HttpMethod.Post, $"/v1/actions/{actionId}/approve", agentKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        }

        var other = await fixture.CreateTenantAsync();
        using (var foreign = await fixture.SendAsync(HttpMethod.Post, $"/v1/actions/{actionId}/approve", other.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        Assert.Empty((await OrderAsync(shop.Tenant.TenantId, shop.OrderId)).MerchantActions);
        using (var queue = await fixture.SendAsync(HttpMethod.Get, "/v1/actions?status=proposed", shop.Tenant.AdminKey))
        {
            var listed = Assert.Single((await Webhooks.JsonAsync(queue)).GetProperty("actions").EnumerateArray());
            Assert.Equal(actionId, listed.GetProperty("actionId").GetString());
            Assert.True(listed.GetProperty("requiresAdminApproval").GetBoolean());
        }

        using var approved = await fixture.SendAsync(HttpMethod.Post, $"/v1/actions/{actionId}/approve", shop.Tenant.AdminKey);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(ActionStatuses.Executed, (await Webhooks.JsonAsync(approved)).GetProperty("status").GetString());
        var recorded = Assert.Single((await OrderAsync(shop.Tenant.TenantId, shop.OrderId)).MerchantActions);
        Assert.Equal((ActionKinds.Refund, 50m, "USD"), (recorded.Kind, recorded.Amount!.Value, recorded.Currency));
        using (var order = await fixture.SendAsync(HttpMethod.Get, "/v1/orders/" + shop.OrderId, shop.Tenant.AdminKey))
        {
            var shown = Assert.Single((await Webhooks.JsonAsync(order)).GetProperty("merchantActions").EnumerateArray());
            Assert.Equal(50m, shown.GetProperty("amount").GetDecimal());
        }

        var events = await WebhookChecks.AuditEventsAsync(fixture, shop.Tenant.AdminKey);
        var approvals = events.Where(e => e.GetProperty("operation").GetString() == "action.approve").ToList();
        Assert.Contains(approvals, e => e.GetProperty("outcome").GetString() == "denied");
        var success = Assert.Single(approvals, e => e.GetProperty("outcome").GetString() == "success");
        Assert.Equal("high", success.GetProperty("details").GetProperty("risk").GetString());
        Assert.Equal("50", success.GetProperty("details").GetProperty("amount").GetString());
        Assert.DoesNotContain(events, e => e.GetRawText().Contains("jamie", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task BelowTheThresholdAnAgentsApprovalExecutesButPolicyStillRefusesTooMuchAndAnotherCustomersOrder()
    {
        var shop = await ShopWithOrdersAsync();
        using (var patch = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", shop.Tenant.AdminKey, new { actions = new { refundApprovalThreshold = 500m } }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            Assert.Equal(500m, (await Webhooks.JsonAsync(patch)).GetProperty("settings").GetProperty("actions").GetProperty("refundApprovalThreshold").GetDecimal());
        }

        var context = new AiToolContext(shop.Tenant.TenantId, "cdraft2", shop.CustomerRef);

        var tooMuch = await ProposeRefundAsync(context, "#1042", 200m, "USD");
        var othersOrder = await ProposeRefundAsync(context, "#1043", 10m, "USD");
        var wrongCurrency = await ProposeRefundAsync(context, "#1042", 10m, "EUR");

        Assert.False(tooMuch.Recorded);
        Assert.False(othersOrder.Recorded);
        Assert.False(wrongCurrency.Recorded);
        Assert.Empty(context.ProposedActions);
        // The action grain's own policy, reached without the tool's lookup: another customer's order is refused.
        await Assert.ThrowsAsync<RequestValidationException>(() => ClusterFixture.AsAsync(WebhookChecks.Agent(shop.Tenant.TenantId),
            () => fixture.Grains.GetActionGrain(shop.Tenant.TenantId, GrainKeys.NewLocalId('a'))
                .ProposeAsync(new ActionProposal(ActionKinds.Refund, "cdraft2", shop.CustomerRef, shop.OtherOrderId, 10m, "USD"))));

        var within = await ProposeRefundAsync(context, "#1042", 100m, "USD");
        Assert.True(within.Recorded);
        Assert.False(within.RequiresAdminApproval);
        var executed = await ClusterFixture.AsAsync(WebhookChecks.Agent(shop.Tenant.TenantId),
            () => fixture.Grains.GetActionGrain(shop.Tenant.TenantId, within.ActionId!).ApproveAsync());
        Assert.Equal(ActionStatuses.Executed, executed.Status);
        Assert.Equal(100m, Assert.Single((await OrderAsync(shop.Tenant.TenantId, shop.OrderId)).MerchantActions).Amount);

        // What was refunded counts: 17.83 is left of 117.83.
        Assert.False((await ProposeRefundAsync(context, "#1042", 20m, "USD")).Recorded);
        var cancellation = await InvokeAsync(context, "propose_cancellation", new KernelArguments { ["order"] = "#1042", ["reason"] = "Customer asked" });
        Assert.True(cancellation.Recorded);
        Assert.True(cancellation.RequiresAdminApproval);
        await Assert.ThrowsAsync<AccessDeniedException>(() => ClusterFixture.AsAsync(WebhookChecks.Agent(shop.Tenant.TenantId),
            () => fixture.Grains.GetActionGrain(shop.Tenant.TenantId, cancellation.ActionId!).ApproveAsync()));
    }

    [Fact]
    public async Task AThresholdOutsideItsRangeIsRefusedAndChangesNothing()
    {
        var tenant = await fixture.CreateTenantAsync();

        using var negative = await fixture.SendAsync(HttpMethod.Patch, "/v1/tenant/settings", tenant.AdminKey, new { actions = new { refundApprovalThreshold = -1m } });
        using var read = await fixture.SendAsync(HttpMethod.Get, "/v1/tenant", tenant.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(0m, (await Webhooks.JsonAsync(read)).GetProperty("settings").GetProperty("actions").GetProperty("refundApprovalThreshold").GetDecimal());
    }

    private Task<ToolOutcome> ProposeRefundAsync(AiToolContext context, string order, decimal amount, string currency) =>
        InvokeAsync(context, "propose_refund", new KernelArguments { ["order"] = order, ["amount"] = amount, ["currency"] = currency, ["reason"] = "Arrived damaged" });

    private Task<ToolOutcome> InvokeAsync(AiToolContext context, string function, KernelArguments arguments)
    {
        var plugin = new ActionToolProvider(fixture.Grains).Create();
        var kernel = new Kernel();
        context.AttachTo(kernel);
        return ClusterFixture.AsAsync(WebhookChecks.Agent(context.TenantId), async () =>
            (await kernel.InvokeAsync(plugin[function], arguments)).GetValue<ToolOutcome>()!);
    }

    private Task<GrainInterfaces.Orders.OrderView> OrderAsync(string tenantId, string orderId) =>
        ClusterFixture.AsAsync(WebhookChecks.Agent(tenantId), () => fixture.Grains.GetOrderGrain(tenantId, orderId).GetAsync());

    /// <summary>A tenant with order #1042 (117.83 USD) of one customer and #1043 of another.</summary>
    private async Task<(TenantCreatedResponse Tenant, string CustomerRef, string OrderId, string OtherOrderId)> ShopWithOrdersAsync()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var (status, created) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created);
        Assert.Equal(HttpStatusCode.OK, status);
        var others = WebhookChecks.Edit(WebhookChecks.Edit(WebhookChecks.Edit(ShopifyDeliveries.Created,
            "\"id\": 6301842957313", "\"id\": 6301842957399"), "\"id\": 7712045583361", "\"id\": 7712045583399"), "#1042", "#1043");
        var (otherStatus, otherCreated) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", others);
        Assert.Equal(HttpStatusCode.OK, otherStatus);
        var order = await _shop.OrderAsync(tenant.TenantId, created);
        var otherOrder = await _shop.OrderAsync(tenant.TenantId, otherCreated);
        Assert.NotEqual(order.CustomerRef, otherOrder.CustomerRef);
        Assert.Equal("117.83", order.Snapshot!.TotalPrice);
        return (tenant, order.CustomerRef!, order.OrderId, otherOrder.OrderId);
    }
}
