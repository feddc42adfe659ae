using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// Writes every problem document, whatever the request's <c>Accept</c> header says (the framework's default writer
/// declines clients that do not accept JSON, and they would get an empty or plain-text error instead): the
/// <c>CustomizeProblemDetails</c> shaping (<see cref="Problems.Shape"/>), then the gateway's JSON options, as
/// <c>application/problem+json</c>. Registered ahead of the default writer.
/// </summary>
public sealed class GatewayProblemDetailsWriter(IOptions<ProblemDetailsOptions> options, IOptions<HttpJsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        var response = context.HttpContext.Response;
        response.StatusCode = context.ProblemDetails.Status ?? response.StatusCode;
        return new ValueTask(response.WriteAsJsonAsync(context.ProblemDetails, json.Value.SerializerOptions, Problems.ContentType, context.HttpContext.RequestAborted));
    }
}
