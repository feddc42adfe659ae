namespace Omniops.Actors.GrainInterfaces.Credentials;

/// <summary>
/// An outbound integration call. The credential grain adds the secret as <see cref="AuthorizationHeader"/>
/// (<c>Authorization</c> with <see cref="Scheme"/>, or a custom header such as <c>X-Shopify-Access-Token</c>).
/// </summary>
[GenerateSerializer, Alias("omniops.outbound-request")]
public sealed record OutboundRequest(
    [property: Id(0)] string Method,
    [property: Id(1)] Uri Url,
    [property: Id(2)] string AuthorizationHeader = "Authorization",
    [property: Id(3)] string? Scheme = "Bearer",
    [property: Id(4)] byte[]? Body = null,
    [property: Id(5)] string? ContentType = null);
