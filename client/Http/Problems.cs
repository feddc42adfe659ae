using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// RFC 7807 problem documents. Bodies carry nothing request-specific (no trace id, no resource id), so a foreign
/// tenant's resource and a missing one answer byte for byte alike.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";
    private const string TypeBase = "https://omniops.dev/problems/";

    public static IResult Create(int status, string slug, string title, string detail) =>
        Results.Json(Document(status, slug, title, detail), GatewayJson.Options, ContentType, status);

    public static ProblemDetails Document(int status, string slug, string title, string detail) => new()
    {
        Type = TypeBase + slug,
        Title = title,
        Status = status,
        Detail = detail,
    };

    public static IResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "invalid-request", "The request is invalid.", detail);

    public static IResult NotFound() => Create(StatusCodes.Status404NotFound, "not-found", "Not found.", "The resource does not exist.");

    public static IResult Unauthorized() => Create(StatusCodes.Status401Unauthorized, "unauthorized", "Authentication is required.", "Present a valid key as 'Authorization: Bearer <key>'.");

    public static IResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "forbidden", "Forbidden.", detail);
}
