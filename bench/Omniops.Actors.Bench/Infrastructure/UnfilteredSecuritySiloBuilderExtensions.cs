using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Grains;
using Omniops.Actors.Grains.Security;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// The benchmark's baseline silo: exactly <see cref="OmniopsSiloBuilderExtensions.AddOmniops"/>, then the one service
/// registration of <see cref="TenantIsolationFilter"/> removed again, so everything else (storage, keys, audit,
/// tenants) stays as in production whatever <c>AddOmniopsSecurity</c> registers. Never use outside the benchmark:
/// without the filter nothing enforces tenant isolation.
/// </summary>
public static class UnfilteredSecuritySiloBuilderExtensions
{
    public static ISiloBuilder AddOmniopsWithoutIsolationFilter(this ISiloBuilder builder)
    {
        builder.AddOmniops();
        var filters = builder.Services
            .Where(d => d.ServiceType == typeof(IIncomingGrainCallFilter) && d.ImplementationType == typeof(TenantIsolationFilter))
            .ToList();
        if (filters.Count != 1)
        {
            throw new InvalidOperationException($"Expected AddOmniops to register TenantIsolationFilter once, found {filters.Count} registrations.");
        }

        builder.Services.Remove(filters[0]);
        return builder;
    }
}
