using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Omniops.Actors.Grains.Security;

public static class SecuritySiloBuilderExtensions
{
    /// <summary>The isolation filter on every grain call and the master key (validated at start-up).</summary>
    public static ISiloBuilder AddOmniopsSecurity(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<MasterKeyOptions>().Bind(builder.Configuration.GetSection(MasterKeyOptions.Section));
        builder.Services.AddSingleton<MasterKey>();
        builder.Services.AddSingleton<MasterKeyStartupCheck>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<MasterKeyStartupCheck>());
        builder.AddIncomingGrainCallFilter<TenantIsolationFilter>();
        return builder;
    }
}
