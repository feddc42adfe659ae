using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Omniops.Actors.Grains.Tenants;

public static class TenantsSiloBuilderExtensions
{
    /// <summary>The tenant grains (their state lives in <see cref="Storage.StorageNames.Main"/>).</summary>
    public static ISiloBuilder AddOmniopsTenants(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<TenantOptions>().Bind(builder.Configuration.GetSection(TenantOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Tenants:DeletionCoolingOff must be between 0 and 90 days.")
            .ValidateOnStart();
        builder.Services.AddOptions<Members.MemberOptions>().Bind(builder.Configuration.GetSection(Members.MemberOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Members settings are out of range.")
            .ValidateOnStart();
        return builder;
    }
}
