using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// Reads a JSON request body strictly: JSON content type, bounded size (Kestrel's limit answers 413), no unknown
/// members, no type coercion. A failure becomes a problem document naming the JSON path, never the value.
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType() && request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "Unsupported media type.", "Send the body as application/json."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, GatewayJson.Options, request.HttpContext.RequestAborted);
            return value is null ? (null, Problems.BadRequest("The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException exception)
        {
            return (null, Problems.BadRequest(Describe(exception)));
        }
    }

    /// <summary>The serializer's own explanation without its position suffix, redacted and bounded.</summary>
    private static string Describe(JsonException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = Redactor.Redact(cut > 0 ? message[..cut] : message);
        var where = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        return $"The body is not valid JSON for this operation at {where}: {(reason.Length > 200 ? reason[..200] : reason)}";
    }
}
