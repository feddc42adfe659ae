using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Grains;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Grains.Security;
using Omniops.Actors.Grains.Storage;
using Omniops.Actors.Grains.Tenants;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// The benchmark's baseline silo: exactly <see cref="OmniopsSiloBuilderExtensions.AddOmniops"/> minus the
/// <see cref="TenantIsolationFilter"/>. Keep in step with <see cref="SecuritySiloBuilderExtensions.AddOmniopsSecurity"/>.
/// Never use outside the benchmark: without the filter nothing enforces tenant isolation.
/// </summary>
public static class UnfilteredSecuritySiloBuilderExtensions
{
    public static ISiloBuilder AddOmniopsWithoutIsolationFilter(this ISiloBuilder builder) => builder
        .UseOmniopsStorage()
        .AddMasterKeyOnly()
        .AddOmniopsAudit()
        .AddOmniopsTenants();

    /// <summary>The master key services of <see cref="SecuritySiloBuilderExtensions.AddOmniopsSecurity"/>, without the filter.</summary>
    private static ISiloBuilder AddMasterKeyOnly(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<MasterKeyOptions>().Bind(builder.Configuration.GetSection(MasterKeyOptions.Section));
        builder.Services.AddSingleton<MasterKey>();
        builder.Services.AddSingleton<MasterKeyStartupCheck>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<MasterKeyStartupCheck>());
        return builder;
    }
}
