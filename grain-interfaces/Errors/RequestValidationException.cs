namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>The request is well-formed but its values are not acceptable (HTTP 400). The message names the field, never its value.</summary>
[GenerateSerializer, Alias("omniops.validation")]
public sealed class RequestValidationException(string message) : Exception(message);
