namespace Omniops.Actors.GrainInterfaces.Credentials;

/// <summary>A signature to check over the exact bytes that were signed.</summary>
[GenerateSerializer, Immutable, Alias("omniops.signature-check")]
public sealed record SignatureCheck(
    [property: Id(0)] SignatureAlgorithm Algorithm,
    [property: Id(1)] byte[] SignedBytes,
    [property: Id(2)] string Signature);
