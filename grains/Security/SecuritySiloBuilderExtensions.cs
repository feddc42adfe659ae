using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;

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

    /// <summary>The key hierarchy alone, validated at start-up: key stores on PostgreSQL when configured, else in memory.</summary>
    public static ISiloBuilder AddOmniopsKeys(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<MasterKeyOptions>().Bind(builder.Configuration.GetSection(MasterKeyOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MasterKeyOptions>, MasterKeyOptionsValidator>();
        builder.Services.AddSingleton<IKeyEncryptionKeyProvider, LocalKeyEncryptionKeyProvider>();
        builder.Services.AddSingleton<ITenantKeyStore>(sp => UsePostgres(sp)
            ? new PostgresTenantKeyStore(sp.GetRequiredService<NpgsqlDataSource>())
            : new InMemoryTenantKeyStore());
        builder.Services.AddSingleton<ISubjectKeyStore>(sp => UsePostgres(sp)
            ? new PostgresSubjectKeyStore(sp.GetRequiredService<NpgsqlDataSource>())
            : new InMemorySubjectKeyStore());
        builder.Services.AddSingleton<TenantKeyring>();
        builder.Services.AddSingleton<SubjectKeyring>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, KeyStartupCheck>();
        return builder;
    }

    private static bool UsePostgres(IServiceProvider services) => services.GetRequiredService<IOptions<StorageOptions>>().Value.UsePostgres;
}
