using System.Net;
using System.Text;
using Omniops.Actors.Client.Channels;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Channels;

/// <summary>
/// Findings of the hostile-input property tests (Fuzz/HostileWebhookTests), minimised. A JSON <c>\u</c> escape of a lone UTF-16 surrogate is valid
/// UTF-8 and valid JSON syntax, but no string can hold it; System.Text.Json throws InvalidOperationException (not
/// JsonException) when it unescapes one in a member name to check the names for duplicates, and the gateway answered 500.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class HostileInputFindingsTests(ClusterFixture fixture)
{
    private static readonly byte[] InName = Encoding.ASCII.GetBytes("{\"\\ud800\":1,\"id\":1}");

    [Fact]
    public void ALoneSurrogateEscapeInAMemberNameIsMalformedInputForEveryPlatformParser()
    {
        Assert.Throws<FormatException>(() => ShopifyPayloads.ReadOrderEvent("orders/create", "d-1", InName));
        Assert.Throws<FormatException>(() => ShopifyPayloads.ReadProductEvent("products/create", "d-2", InName));
        Assert.Throws<FormatException>(() => ShopifyPayloads.ReadComplianceRequest("customers/redact", "d-3", InName));
        Assert.Throws<FormatException>(() => WhatsAppNotification.Parse(InName));
    }

    [Fact]
    public void ALoneSurrogateEscapeInAStringValueThatIsReadIsMalformedInput()
    {
        var whatsApp = WebhookChecks.Edit(Webhooks.Fixture("whatsapp-text.json"), "\"Hi! My order", "\"\\ud800Hi! My order");
        var order = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(ShopifyDeliveries.Created).Replace("jamie.rivera@", "\\ud800jamie@", StringComparison.Ordinal));

        Assert.Throws<FormatException>(() => WhatsAppNotification.Parse(whatsApp));
        Assert.Throws<FormatException>(() => ShopifyPayloads.ReadOrderEvent("orders/create", "d-5", order));
    }

    [Fact]
    public void AProductVariantThatIsNotAnObjectIsMalformedInput()
    {
        var body = WebhookChecks.Edit(Webhooks.Fixture("shopify-products-create.json"), "\"variants\": [", "\"variants\": [\"x\", ");

        Assert.Throws<FormatException>(() => ShopifyPayloads.ReadProductEvent("products/create", "d-4", body));
    }

    [Fact]
    public async Task SignedDeliveriesWithALoneSurrogateEscapeGet400NotAServerError()
    {
        var tenant = await fixture.CreateTenantAsync();
        var secret = Webhooks.NewSecret();
        foreach (var integration in new[] { "generic", "whatsapp", "shopify" })
        {
            await Webhooks.ConnectAsync(fixture, tenant.AdminKey, integration, secret);
        }

        using var shopify = await Webhooks.PostShopifyAsync(fixture.Http, tenant.TenantId, secret, "orders/create", Guid.NewGuid().ToString(), InName);
        using var whatsApp = await Webhooks.PostWhatsAppAsync(fixture.Http, tenant.TenantId, secret, InName);
        using var generic = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Encoding.ASCII.GetBytes("{\"messageId\":\"m-1\",\"customer\":{\"ref\":\"c\"},\"text\":\"t\",\"\\ud800\":1}"));
        using var genericValue = await Webhooks.PostGenericAsync(fixture.Http, tenant.TenantId, secret,
            Encoding.ASCII.GetBytes("{\"messageId\":\"m-2\",\"customer\":{\"ref\":\"c\"},\"text\":\"\\ud800\"}"));

        Assert.Equal(HttpStatusCode.BadRequest, shopify.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, whatsApp.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, generic.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, genericValue.StatusCode);
        Assert.Equal(0L, await WebhookChecks.StoredMessagesAsync(fixture, tenant.TenantId));
    }
}
