using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Omniops.Actors.Grains.Ai.Minimisation;
using Omniops.Actors.Grains.Ai.Tools;

namespace Omniops.Actors.Grains.Ai;

public static class AiSiloBuilderExtensions
{
    /// <summary>AI assistance: the minimiser every model request and tool payload passes through.</summary>
    public static ISiloBuilder AddOmniopsAi(this ISiloBuilder builder)
    {
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
        return builder;
    }
}
