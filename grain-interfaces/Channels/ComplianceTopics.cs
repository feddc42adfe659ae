namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>
/// The privacy topics a shop platform forwards (Shopify's mandatory compliance webhooks). The redact topics destroy
/// data, so they are deduplicated by their signed body as well as by delivery id and wait out a cooling-off window.
/// </summary>
public static class ComplianceTopics
{
    public const string CustomersDataRequest = "customers/data_request";
    public const string CustomersRedact = "customers/redact";
    public const string ShopRedact = "shop/redact";

    public static bool IsCompliance(string topic) => topic is CustomersDataRequest or CustomersRedact or ShopRedact;

    /// <summary>Whether carrying out the request erases data.</summary>
    public static bool IsDestructive(string topic) => topic is CustomersRedact or ShopRedact;
}
