using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// Adds the endpoints the framework cannot describe because they have no handler method (a request delegate such as
/// <c>MapHealthChecks</c>): each route and method, with the name, summary and responses its metadata declares.
/// </summary>
public sealed class RequestDelegateEndpointsTransformer : IOpenApiDocumentTransformer
{
    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(context);
        var endpoints = context.ApplicationServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<System.Reflection.MethodInfo>() is null && e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null
                && e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true } && OpenApiExtensions.IsGatewayEndpoint(e.Metadata));
        document.Paths ??= [];
        foreach (var endpoint in endpoints)
        {
            var path = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            if (!document.Paths.TryGetValue(path, out var existing) || existing is not OpenApiPathItem item)
            {
                item = new OpenApiPathItem();
                document.Paths[path] = item;
            }

            item.Operations ??= [];
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                item.Operations[HttpMethod.Parse(method)] = await OperationAsync(endpoint, context, cancellationToken);
            }
        }
    }

    private static async Task<OpenApiOperation> OperationAsync(RouteEndpoint endpoint, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var responses = new OpenApiResponses();
        foreach (var produced in endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>())
        {
            var schema = produced.Type is null ? null : await context.GetOrCreateSchemaAsync(produced.Type, null, cancellationToken);
            responses[produced.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = produced.Description ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(produced.StatusCode),
                Content = schema is null ? null : produced.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
            };
        }

        return new OpenApiOperation
        {
            OperationId = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
            Summary = endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary,
            Responses = responses,
        };
    }
}
