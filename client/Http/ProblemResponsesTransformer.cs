using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Omniops.Actors.Client.Http;

/// <summary>Every operation can fail, and every failure is a problem document: <c>4XX</c> and <c>5XX</c> responses say so.</summary>
public sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var schema = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
        operation.Responses ??= [];
        foreach (var (range, description) in new[] { ("4XX", "The request was refused (a problem document)."), ("5XX", "The request failed (a problem document).") })
        {
            operation.Responses.TryAdd(range, new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { [Problems.ContentType] = new() { Schema = schema } },
            });
        }
    }
}
