using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces.Errors;
using Orleans.Runtime;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// Turns the runtime's error types into problem documents (through <see cref="IProblemDetailsService"/>, so they are
/// shaped like every other one); a transient cluster failure (<see cref="TransientFailures"/>) is a 503 with
/// <c>Retry-After</c>, as are the audit and store outages; anything unexpected is a 500 that reveals nothing and is
/// logged by type and endpoint.
/// Runs inside <c>UseExceptionHandler()</c>, which leaves aborted requests and started responses alone.
/// </summary>
public sealed partial class GatewayExceptionHandler(IProblemDetailsService problems, IOptions<GatewayOptions> options, ILogger<GatewayExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var problem = Map(exception, options.Value.MaxRequestBodyBytes);
        if (problem is null)
        {
            LogUnexpected(logger, exception.GetType().Name, httpContext.GetEndpoint()?.DisplayName, exception);
            problem = Problems.Internal();
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            // Nothing was done or acknowledged: the caller (a platform redelivering a webhook) should come back.
            httpContext.Response.Headers.RetryAfter = TransientFailures.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>
    /// The document for one of the runtime's error types; null for anything else. A grain whose state could not be read
    /// while it activated fails with Orleans' own wrapper around the storage's error (the state bridge wraps whatever
    /// the provider throws), which is answered as that error.
    /// </summary>
    public static ProblemDetails? Map(Exception exception, long maxRequestBodyBytes) => exception switch
    {
        OrleansException { InnerException: StoreUnavailableException or StoreFailedException } wrapper => Map(wrapper.InnerException!, maxRequestBodyBytes),
        ResourceNotFoundException => Problems.NotFound().ProblemDetails,
        AccessDeniedException denied => Problems.Forbidden(denied.Message).ProblemDetails,
        RequestValidationException invalid => Problems.BadRequest(invalid.Message).ProblemDetails,
        ConflictException conflict => Problems.Document(StatusCodes.Status409Conflict, "conflict", "Conflict.", conflict.Message),
        AiUnavailableException unavailable => Problems.Document(StatusCodes.Status503ServiceUnavailable, "ai-unavailable", "AI is unavailable.", unavailable.Message),
        AiRefusedException refused => Problems.Document(StatusCodes.Status403Forbidden, "ai-refused", "The tenant's AI settings refuse this.", refused.Message),
        AuditUnavailableException => Problems.Document(StatusCodes.Status503ServiceUnavailable, "audit-unavailable",
            "The operation was not performed.", "The audit trail could not record it, so it did not happen. Try again later."),
        StoreUnavailableException => Problems.Document(StatusCodes.Status503ServiceUnavailable, "store-unavailable",
            "Not stored.", "The data could not be stored durably, so it was not accepted. Deliver it again."),
        SubjectErasedException => Problems.Document(StatusCodes.Status410Gone, "subject-erased", "The data subject was erased.",
            "Its key was destroyed, so nothing held about it can be read any more."),
        DecryptionFailedException => Problems.Document(StatusCodes.Status500InternalServerError, "decryption-failed",
            "Stored data could not be decrypted.", "The stored data does not open under its key here; nothing was changed."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Problems.TooLarge(maxRequestBodyBytes).ProblemDetails,
        BadHttpRequestException bad => Problems.Document(bad.StatusCode, "invalid-request", "The request is invalid.", "The request could not be read."),
        JsonException => Problems.BadRequest("The body is not valid JSON for this operation.").ProblemDetails,
        _ when TransientFailures.IsTransient(exception) => Problems.Document(StatusCodes.Status503ServiceUnavailable, "cluster-unavailable",
            "Temporarily unavailable.", "Part of the service could not be reached, so nothing was done. Retry after the time in Retry-After."),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected {ExceptionType} in {Endpoint}")]
    private static partial void LogUnexpected(ILogger logger, string exceptionType, string? endpoint, Exception exception);
}
