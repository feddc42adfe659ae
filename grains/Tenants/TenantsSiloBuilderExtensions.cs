using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Omniops.Actors.Grains.Tenants;

public static class TenantsSiloBuilderExtensions
{
    /// <summary>The tenant grains (their state lives in <see cref="Storage.StorageNames.Main"/>).</summary>
    public static ISiloBuilder AddOmniopsTenants(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
