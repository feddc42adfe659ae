using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// RFC 9457 problem documents: <c>{type, title, status, detail}</c> with <c>type</c> =
/// <c>https://omniops.dev/problems/{slug}</c>. Bodies carry nothing request-specific (no trace id, no instance, no
/// resource id), so a foreign tenant's resource and a missing one answer byte for byte alike. Every document — from an
/// endpoint, the exception handler or the status-code pages — is written by <see cref="IProblemDetailsService"/> and
/// shaped by <see cref="Shape"/> (registered as the <c>AddProblemDetails</c> customisation).
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";
    public const string TypeBase = "https://omniops.dev/problems/";

    public static ProblemHttpResult Create(int status, string slug, string title, string detail) =>
        TypedResults.Problem(Document(status, slug, title, detail));

    public static ProblemDetails Document(int status, string slug, string title, string detail) => new()
    {
        Type = TypeBase + slug,
        Title = title,
        Status = status,
        Detail = detail,
    };

    public static ProblemHttpResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "invalid-request", "The request is invalid.", detail);

    public static ProblemHttpResult NotFound() => Create(StatusCodes.Status404NotFound, "not-found", "Not found.", "The resource does not exist.");

    public static ProblemHttpResult Unauthorized() => Create(StatusCodes.Status401Unauthorized, "unauthorized", "Authentication is required.", "Present a valid key as 'Authorization: Bearer <key>'.");

    public static ProblemHttpResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "forbidden", "Forbidden.", detail);

    /// <summary>
    /// The <c>CustomizeProblemDetails</c> of the gateway: a document that is not one of ours (a bare status from the
    /// status-code pages, the framework's defaults) gets the gateway's document for its status; every document loses
    /// what would make it request-specific (<c>instance</c>, extensions such as <c>traceId</c>).
    /// </summary>
    public static void Shape(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        if (problem.Type?.StartsWith(TypeBase, StringComparison.Ordinal) != true)
        {
            var standard = ForStatus(status, context.HttpContext);
            problem.Type = standard.Type;
            problem.Title = standard.Title;
            problem.Detail = standard.Detail;
        }

        problem.Status = status;
        problem.Instance = null;
        problem.Extensions.Clear();
        RejectionMetrics.Record(status, problem.Type![TypeBase.Length..]);
    }

    /// <summary>The gateway's document for a bare status code (a response that had no body of its own).</summary>
    public static ProblemDetails ForStatus(int status, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return status switch
        {
            StatusCodes.Status401Unauthorized => Unauthorized().ProblemDetails,
            StatusCodes.Status403Forbidden => Forbidden("The caller may not do this.").ProblemDetails,
            StatusCodes.Status404NotFound => NotFound().ProblemDetails,
            StatusCodes.Status405MethodNotAllowed => Document(status, "method-not-allowed", "Method not allowed.", "This route does not accept that method."),
            StatusCodes.Status413PayloadTooLarge => TooLarge(context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes).ProblemDetails,
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType().ProblemDetails,
            StatusCodes.Status429TooManyRequests => Document(status, "rate-limited", "Too many requests.", "Retry after the time in Retry-After."),
            < 500 => Document(status, "invalid-request", "The request is invalid.", "The request could not be processed."),
            _ => Internal(status),
        };
    }

    /// <summary>The document for a body over <paramref name="limit"/> bytes, however it was found out.</summary>
    public static ProblemHttpResult TooLarge(long limit) => Create(StatusCodes.Status413PayloadTooLarge, "too-large", "The body is too large.",
        $"Request bodies are limited to {limit} bytes.");

    public static ProblemHttpResult UnsupportedMediaType() => Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
        "Unsupported media type.", "Send the body as application/json.");

    /// <summary>A failure that shows nothing about itself.</summary>
    public static ProblemDetails Internal(int status = StatusCodes.Status500InternalServerError) =>
        Document(status, "internal", "Internal error.", "The request failed; nothing about it is shown here.");
}
