namespace Omniops.Actors.Client.Http;

/// <summary>
/// Endpoint metadata naming the JSON body an endpoint reads itself (<see cref="JsonBody"/>), for the OpenAPI document
/// only (<see cref="JsonRequestBodyExtensions.DescribesJsonBody"/>). Deliberately not <c>Accepts&lt;T&gt;()</c>: that
/// metadata makes routing answer 415 to another content type before any middleware runs, so an unauthenticated caller
/// would learn that a route exists, and a webhook's refusal would go unaudited.
/// </summary>
public sealed record JsonRequestBody(Type Type, IReadOnlyList<string> ContentTypes);
