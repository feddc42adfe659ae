using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Customers;

[GenerateSerializer, Alias("omniops.customer-state")]
public sealed class CustomerState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Channel { get; set; } = string.Empty;
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The contact details, serialized and sealed under the subject key.</summary>
    [Id(3)] public EncryptedField? Contact { get; set; }

    /// <summary>HMAC of the contact details under the subject key: tells a change without opening them.</summary>
    [Id(4)] public byte[] ContactDigest { get; set; } = [];

    [Id(5)] public List<string> ConversationIds { get; set; } = [];
    [Id(6)] public List<string> OrderIds { get; set; } = [];

    /// <summary>Closed to new data while an erasure runs: deliveries are refused (retry later) until the record is gone.</summary>
    [Id(7)] public bool Erasing { get; set; }

    /// <summary>The merchant's reason for a legal hold, sealed under the subject key; null when there is none.</summary>
    [Id(8)] public EncryptedField? LegalHold { get; set; }
}
