using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// The gateway's HTTP conventions, the framework's way: one strict JSON dialect (<see cref="GatewayJson"/>) on the HTTP
/// JSON options, problem documents for every error (<c>AddProblemDetails</c> shaped by <see cref="Problems.Shape"/>,
/// written by <see cref="GatewayProblemDetailsWriter"/>), the runtime's exceptions mapped by
/// <see cref="GatewayExceptionHandler"/>, and bodiless error statuses turned into documents by the status-code pages.
/// </summary>
public static class HttpConventionsExtensions
{
    public static WebApplicationBuilder AddOmniopsHttpConventions(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureHttpJsonOptions(json => GatewayJson.Apply(json.SerializerOptions));
        // Ahead of the framework's writer, which AddProblemDetails adds only if no writer of its type is there.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, GatewayProblemDetailsWriter>());
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problems.Shape);
        builder.Services.AddExceptionHandler<GatewayExceptionHandler>();
        return builder;
    }
}
