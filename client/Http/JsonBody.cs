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

    /// <summary>
    /// Where and, in the gateway's own words, what: the serializer's message names internal types, so it is only
    /// classified, never passed on. The path is the JSON path of the member (names only, never values).
    /// </summary>
    private static string Describe(JsonException exception)
    {
        var message = exception.Message;
        var what = message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) ? "a member appears more than once"
            : message.Contains("could not be mapped", StringComparison.OrdinalIgnoreCase) ? "a member this operation does not take"
            : message.Contains("missing required", StringComparison.OrdinalIgnoreCase) ? "a required member is missing"
            : message.Contains("could not be converted", StringComparison.OrdinalIgnoreCase) || message.Contains("null", StringComparison.OrdinalIgnoreCase)
                ? "a value of the wrong type"
            : "malformed JSON";
        var where = string.IsNullOrEmpty(exception.Path) ? "$" : Redactor.Redact(exception.Path);
        return $"The body is not valid JSON for this operation at {(where.Length > 200 ? where[..200] : where)}: {what}.";
    }
}
