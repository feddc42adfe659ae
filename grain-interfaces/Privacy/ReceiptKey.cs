namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>The public key that verifies the service's receipts (SubjectPublicKeyInfo PEM) and its id.</summary>
[GenerateSerializer, Immutable, Alias("omniops.receipt-key")]
public sealed record ReceiptKey(
    [property: Id(0)] string KeyId,
    [property: Id(1)] string PublicKeyPem);
