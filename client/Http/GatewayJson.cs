using System.Text.Json;
using System.Text.Json.Serialization;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// The gateway's one JSON dialect: camelCase, strict about unknown members, duplicate members and types, nulls left
/// out of answers, enums as snake_case strings. <see cref="Apply"/> sets it once, on the framework's HTTP JSON options
/// (<see cref="GatewayHostBuilderExtensions.AddOmniopsGateway"/>), and everything that reads or writes JSON over HTTP
/// uses those options: request bodies, results, problem documents, health answers, the OpenAPI schemas, and the
/// generic webhook's signed body.
/// </summary>
public static class GatewayJson
{
    /// <summary>How deeply a request body may nest.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// How the platforms' own payloads (WhatsApp, Shopify) are parsed: deeper than ours, read leniently member by member
    /// (<see cref="Channels.PayloadReader"/>), but a member named twice is refused like everywhere else.
    /// </summary>
    public static JsonDocumentOptions PlatformDocumentOptions { get; } = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    /// <summary>Sets the dialect on <paramref name="options"/> (which start from <see cref="JsonSerializerDefaults.Web"/>).</summary>
    public static void Apply(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.MaxDepth = MaxDepth;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
    }
}
