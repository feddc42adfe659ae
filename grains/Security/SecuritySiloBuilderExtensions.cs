using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Security;

public static class SecuritySiloBuilderExtensions
{
    /// <summary>The isolation filter on every grain call and the key hierarchy (master key → tenant keys → subject keys).</summary>
    public static ISiloBuilder AddOmniopsSecurity(this ISiloBuilder builder)
    {
        builder.AddOmniopsKeys();
        builder.AddIncomingGrainCallFilter<TenantIsolationFilter>();
        return builder;
    }

    /// <summary>The key hierarchy, validated at start-up; its key stores come with the storage mode.</summary>
    public static ISiloBuilder AddOmniopsKeys(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<MasterKeyOptions>().Bind(builder.Configuration.GetSection(MasterKeyOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MasterKeyOptions>, MasterKeyOptionsValidator>();
        builder.Services.AddSingleton<IKeyEncryptionKeyProvider, LocalKeyEncryptionKeyProvider>();
        builder.Services.AddSingleton<TenantKeyring>();
        builder.Services.AddSingleton<SubjectKeyring>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, KeyStartupCheck>();
        return builder;
    }
}
