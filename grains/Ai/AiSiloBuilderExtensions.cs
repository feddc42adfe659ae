using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Omniops.Actors.Grains.Ai.Drafting;
using Omniops.Actors.Grains.Ai.Minimisation;
using Omniops.Actors.Grains.Ai.Tools;

namespace Omniops.Actors.Grains.Ai;

public static class AiSiloBuilderExtensions
{
    /// <summary>
    /// AI assistance: the provider (<c>Omniops:Ai</c>, validated at start; absent means AI is unavailable), the minimiser
    /// every model request and tool payload passes through, the drafting pipeline and its tools.
    /// </summary>
    public static ISiloBuilder AddOmniopsAi(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<AiProviderOptions>().Bind(builder.Configuration.GetSection(AiProviderOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Ai: Endpoint must be an absolute https URL (plain http only to a loopback address), with Model and Region set, RetentionDays 0-3650 and Timeout 1 second to 2 minutes.")
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, EmailDetector>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, PhoneDetector>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, CardDetector>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, CvvDetector>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, SecretDetector>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, IbanDetector>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, PostcodeDetector>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, IpAddressDetector>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, TokenUrlDetector>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntityDetector, NationalIdDetector>());
        builder.Services.TryAddSingleton<Minimiser>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAiToolProvider, ProductLookupToolProvider>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAiToolProvider, ActionToolProvider>());
        builder.Services.TryAddSingleton<AiProvider>();
        builder.Services.TryAddSingleton<AiDrafter>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAiToolProvider, OrderStatusToolProvider>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAiToolProvider, HandOffToolProvider>());
        return builder;
    }
}
