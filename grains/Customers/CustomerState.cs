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
}
