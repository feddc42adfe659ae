using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Omniops.Actors.Grains.Audit;

public static class AuditSiloBuilderExtensions
{
    /// <summary>The audit log grains; their store (PostgreSQL with group commit, or memory) comes with the storage mode.</summary>
    public static ISiloBuilder AddOmniopsAudit(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AuditOptions>().Bind(builder.Configuration.GetSection(AuditOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Audit: ReadAuditPeriod 00:00:00-24:00:00, CheckpointPeriod 00:01:00-7.00:00:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AuditKeys>();
        builder.Services.AddOptions<SigningOptions>().Bind(builder.Configuration.GetSection(SigningOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SigningOptions>, SigningOptionsValidator>();
        builder.Services.AddSingleton<AuditSigner>();
        builder.Services.AddHostedService<AuditCheckpointService>();
        return builder;
    }
}
