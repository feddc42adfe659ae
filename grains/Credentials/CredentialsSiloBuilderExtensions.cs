using Microsoft.Extensions.DependencyInjection;

namespace Omniops.Actors.Grains.Credentials;

public static class CredentialsSiloBuilderExtensions
{
    /// <summary>The credential grains and the HTTP client their outbound calls use (no redirects: a secret never follows one).</summary>
    public static ISiloBuilder AddOmniopsCredentials(this ISiloBuilder builder)
    {
        builder.Services.AddHttpClient(CredentialGrain.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return builder;
    }
}
