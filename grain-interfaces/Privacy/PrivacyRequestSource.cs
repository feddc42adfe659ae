namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>Who started a privacy request.</summary>
[GenerateSerializer, Alias("omniops.privacy-request-source")]
public enum PrivacyRequestSource
{
    /// <summary>A tenant admin through the API (or the dashboard).</summary>
    Merchant = 0,

    /// <summary>The data subject through the privacy link the merchant issued.</summary>
    DataSubject = 1,

    /// <summary>A shop platform's compliance webhook (Shopify customers/data_request, customers/redact, shop/redact).</summary>
    Platform = 2,

    /// <summary>The tenant's retention sweep, erasing a customer record its sweep left holding nothing.</summary>
    Retention = 3,
}
