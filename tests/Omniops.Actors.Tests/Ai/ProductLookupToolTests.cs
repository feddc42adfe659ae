using System.Net;
using Microsoft.SemanticKernel;
using Omniops.Actors.Grains.Ai.Tools;
using Omniops.Actors.Tests.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Ai;

/// <summary>The product-lookup tool searches only the requesting tenant's catalogue, by words or SKU, bounded.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ProductLookupToolTests(ClusterFixture fixture)
{
    private readonly ShopifyDeliveries _shop = new(fixture);

    [Fact]
    public async Task TheProductToolReturnsOnlyThisTenantsProducts()
    {
        var (a, secretA) = await _shop.ConnectedTenantAsync();
        var (b, secretB) = await _shop.ConnectedTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await _shop.DeliverAsync(a.TenantId, secretA, "products/create", ShopifyProductWebhookTests.Product)).Status);
        var theirs = WebhookChecks.Edit(WebhookChecks.Edit(ShopifyProductWebhookTests.Product, "\"id\": 8801234567890", "\"id\": 8801234567999"),
            "Speckled Stoneware Mug", "Stoneware Mug Of Tenant B");
        Assert.Equal(HttpStatusCode.OK, (await _shop.DeliverAsync(b.TenantId, secretB, "products/create", theirs)).Status);

        var byWords = await SearchAsync(a.TenantId, "stoneware");
        var bySku = await SearchAsync(a.TenantId, "MUG-SPK-350");
        var theirsOnly = await SearchAsync(a.TenantId, "tenant b");

        Assert.Equal("Speckled Stoneware Mug", Assert.Single(byWords).Title);
        Assert.Equal("Speckled Stoneware Mug", Assert.Single(bySku).Title);
        Assert.Empty(theirsOnly);
        Assert.Equal("Stoneware Mug Of Tenant B", Assert.Single(await SearchAsync(b.TenantId, "stoneware")).Title);
    }

    private Task<IReadOnlyList<ProductMatch>> SearchAsync(string tenantId, string query)
    {
        var plugin = new ProductLookupToolProvider(fixture.Grains).Create();
        var kernel = new Kernel();
        new AiToolContext(tenantId, "cdraft", "ucustomer").AttachTo(kernel);
        return ClusterFixture.AsAsync(WebhookChecks.Agent(tenantId), async () =>
            (await kernel.InvokeAsync(plugin["search_products"], new KernelArguments { ["query"] = query, ["limit"] = 10 })).GetValue<IReadOnlyList<ProductMatch>>()!);
    }
}
