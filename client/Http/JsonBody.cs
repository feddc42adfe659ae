using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// Reads a JSON request body with the gateway's dialect (the configured HTTP JSON options, <see cref="GatewayJson"/>):
/// JSON content type (<c>application/json</c> or a <c>+json</c> type such as <c>application/merge-patch+json</c>),
/// bounded size (the body limit answers 413), no unknown or repeated members, no type coercion. A failure becomes a
/// problem document naming the JSON path, never the value.
/// </summary>
public static class JsonBody
{
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (null, Problems.UnsupportedMediaType());
        }

        try
        {
            var value = await request.ReadFromJsonAsync<T>(request.HttpContext.RequestAborted);
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
