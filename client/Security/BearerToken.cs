using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Omniops.Actors.Client.Security;

/// <summary>The credential in <c>Authorization: Bearer …</c>, or null.</summary>
public static class BearerToken
{
    public static string? From(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header) &&
        string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) &&
        !string.IsNullOrWhiteSpace(header.Parameter)
            ? header.Parameter
            : null;

    /// <summary>Whether the presented credential has the shape of a tenant API key (<c>omk.</c>).</summary>
    public static bool LooksLikeApiKey(string token) => token.StartsWith(Omniops.Actors.GrainInterfaces.Tenants.ApiKeyFormat.Prefix + ".", StringComparison.Ordinal);
}
