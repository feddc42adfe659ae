using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Omniops.Actors.Grains.Audit;

public static class AuditSiloBuilderExtensions
{
    /// <summary>The audit log grains; their store (PostgreSQL with group commit, or memory) comes with the storage mode.</summary>
    public static ISiloBuilder AddOmniopsAudit(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditKeys>();
        return builder;
    }
}
