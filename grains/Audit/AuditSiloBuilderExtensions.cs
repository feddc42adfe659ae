using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Audit;

public static class AuditSiloBuilderExtensions
{
    /// <summary>The audit log grains and their store: PostgreSQL with group commit when configured, else memory.</summary>
    public static ISiloBuilder AddOmniopsAudit(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection(AuditOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Audit: ReadAuditPeriod 00:00:00-24:00:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AuditKeys>();
        builder.Services.AddSingleton<IAuditStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsePostgres
            ? ActivatorUtilities.CreateInstance<PostgresAuditStore>(sp, sp.GetRequiredService<NpgsqlDataSource>())
            : new InMemoryAuditStore());
        return builder;
    }
}
