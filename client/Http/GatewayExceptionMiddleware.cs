using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Client.Http;

/// <summary>Turns the runtime's error types into problem documents; anything unexpected is a 500 that reveals nothing.</summary>
public sealed partial class GatewayExceptionMiddleware(RequestDelegate next, IOptions<GatewayOptions> options, ILogger<GatewayExceptionMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var result = exception switch
            {
                ResourceNotFoundException => Problems.NotFound(),
                AccessDeniedException denied => Problems.Forbidden(denied.Message),
                RequestValidationException invalid => Problems.BadRequest(invalid.Message),
                ConflictException conflict => Problems.Create(StatusCodes.Status409Conflict, "conflict", "Conflict.", conflict.Message),
                AuditUnavailableException => Problems.Create(StatusCodes.Status503ServiceUnavailable, "audit-unavailable",
                    "The operation was not performed.", "The audit trail could not record it, so it did not happen. Try again later."),
                StoreUnavailableException => Problems.Create(StatusCodes.Status503ServiceUnavailable, "store-unavailable",
                    "Not stored.", "The data could not be stored durably, so it was not accepted. Deliver it again."),
                DecryptionFailedException => Problems.Create(StatusCodes.Status500InternalServerError, "decryption-failed",
                    "Stored data could not be decrypted.", "The stored data does not open under its key here; nothing was changed."),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => DeclaredBodyLimitMiddleware.TooLarge(options.Value.MaxRequestBodyBytes),
                BadHttpRequestException bad => Problems.Create(bad.StatusCode, "invalid-request", "The request is invalid.", "The request could not be read."),
                JsonException => Problems.BadRequest("The body is not valid JSON for this operation."),
                _ => null,
            };
            if (result is null)
            {
                LogUnexpected(logger, exception.GetType().Name, context.GetEndpoint()?.DisplayName, exception);
                result = Problems.Create(StatusCodes.Status500InternalServerError, "internal", "Internal error.", "The request failed; nothing about it is shown here.");
            }

            context.Response.Clear();
            await result.ExecuteAsync(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected {ExceptionType} in {Endpoint}")]
    private static partial void LogUnexpected(ILogger logger, string exceptionType, string? endpoint, Exception exception);
}
