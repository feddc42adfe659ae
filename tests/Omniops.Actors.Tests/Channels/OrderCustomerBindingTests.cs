using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.Grains.Orders;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Tests.Infrastructure;
using Orleans.Serialization;

namespace Omniops.Actors.Tests.Channels;

/// <summary>An order's data is always within its customer's erasure reach, whatever order Shopify's webhooks arrive in.</summary>
[Collection(ClusterCollection.Name)]
public sealed class OrderCustomerBindingTests(ClusterFixture fixture)
{
    private readonly ShopifyDeliveries _shop = new(fixture);

    [Theory]
    [InlineData("orders/create")]
    [InlineData("orders/updated")]
    public async Task ARefundThatArrivesBeforeItsOrderEndsUnderTheCustomersKeyAndDestroyingThatKeyLeavesNothingOfTheOrderReadable(string topic)
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var body = topic == "orders/create" ? ShopifyDeliveries.Created : ShopifyDeliveries.Updated;

        var (refundStatus, refunded) = await _shop.DeliverAsync(tenant.TenantId, secret, "refunds/create", ShopifyDeliveries.Refunded);
        var (orderStatus, ordered) = await _shop.DeliverAsync(tenant.TenantId, secret, topic, body);
        var order = await _shop.OrderAsync(tenant.TenantId, ordered);

        Assert.Equal(HttpStatusCode.OK, refundStatus);
        Assert.Equal(HttpStatusCode.OK, orderStatus);
        Assert.Equal(refunded.GetProperty("orderId").GetString(), order.OrderId);
        Assert.Equal("Springfield", order.Snapshot!.ShippingAddress!.City);
        var refund = Assert.Single(order.Refunds);
        Assert.Equal("985512340993", refund.ExternalRefundId);
        Assert.Equal(69.68m, decimal.Parse(refund.Amount!, CultureInfo.InvariantCulture));
        var customerRef = order.CustomerRef!;
        Assert.Equal(new[] { order.OrderId }, (await _shop.CustomerAsync(tenant.TenantId, customerRef)).OrderIds);
        // No key but the customer's seals anything of this tenant: the order's own key is gone, not merely unused.
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM omniops_subject_keys WHERE tenant_id = $1 AND subject_id <> $2", tenant.TenantId, customerRef));

        Assert.True(await Services.GetRequiredService<SubjectKeyring>().DestroyAsync(tenant.TenantId, customerRef));

        await Assert.ThrowsAsync<SubjectErasedException>(() => _shop.OrderAsync(tenant.TenantId, ordered));
    }

    [Fact]
    public async Task ASealedOrderReadHoldsNothingReadableAndOpensOnlyWithItsCustomersKeyAsThatSameOrder()
    {
        var (tenant, secret) = await _shop.ConnectedTenantAsync();
        var (status, ordered) = await _shop.DeliverAsync(tenant.TenantId, secret, "orders/create", ShopifyDeliveries.Created);
        var order = await _shop.OrderAsync(tenant.TenantId, ordered);
        var grain = fixture.Grains.GetOrderGrain(tenant.TenantId, order.OrderId);
        var elsewhere = fixture.Grains.GetOrderGrain(tenant.TenantId, GrainKeys.NewLocalId('o')).GetGrainId().ToString();
        var held = await ClusterFixture.AsAsync(WebhookChecks.Agent(tenant.TenantId), () => grain.GetSealedAsync());
        var key = await Services.GetRequiredService<SubjectKeyring>().GetAsync(tenant.TenantId, order.CustomerRef!);
        var serializer = Services.GetRequiredService<Serializer>();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(order.CustomerRef, held.SubjectId);
        Assert.DoesNotContain("Springfield", Encoding.UTF8.GetString(held.Snapshot!), StringComparison.Ordinal);
        Assert.Equal("Springfield", SealedOrders.Open(held, key, grain.GetGrainId().ToString(), serializer).Snapshot!.ShippingAddress!.City);
        // Bound to the grain it came from: presented as another order's, it does not open.
        Assert.Throws<DecryptionFailedException>(() => SealedOrders.Open(held, key, elsewhere, serializer));
    }

    private IServiceProvider Services => fixture.Cluster.Silos[0].SiloHost.Services;
}
