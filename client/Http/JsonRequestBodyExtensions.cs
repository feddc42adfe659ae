using Microsoft.AspNetCore.Builder;

namespace Omniops.Actors.Client.Http;

public static class JsonRequestBodyExtensions
{
    /// <summary>Documents the JSON body the endpoint reads (<see cref="JsonRequestBody"/>); default content type <c>application/json</c>.</summary>
    public static RouteHandlerBuilder DescribesJsonBody<TBody>(this RouteHandlerBuilder builder, params string[] contentTypes)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new JsonRequestBody(typeof(TBody), contentTypes.Length == 0 ? ["application/json"] : contentTypes));
    }
}
