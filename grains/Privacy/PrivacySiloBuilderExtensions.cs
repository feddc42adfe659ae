using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Omniops.Actors.Grains.Privacy;

public static class PrivacySiloBuilderExtensions
{
    /// <summary>Privacy requests and their erasure fan-out; the request queue's store comes with the storage mode.</summary>
    public static ISiloBuilder AddOmniopsPrivacy(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<PrivacyRequestOptions>().Bind(builder.Configuration.GetSection(PrivacyRequestOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:PrivacyRequests: ResumePeriod over 0 and at most 1 hour; FanOut 1-1024; OffboardingPageSize 1-10000.")
            .ValidateOnStart();
        builder.Services.AddOptions<RetentionOptions>().Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Retention: SweepPeriod 1 second to 1 day; PageSize 1-10000; TombstoneAge 1 hour to 365 days.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SubjectErasure>();
        builder.Services.AddSingleton<TenantOffboarding>();
        builder.Services.AddOptions<SubjectIndexOptions>().Bind(builder.Configuration.GetSection(SubjectIndexOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Privacy: DefaultPhoneRegion is a two-letter region code in capitals (GB).")
            .ValidateOnStart();
        builder.Services.AddSingleton<SubjectDigests>();
        builder.Services.AddSingleton<PrivacyRequestMetrics>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(s => s.GetRequiredService<PrivacyRequestMetrics>());
        return builder;
    }
}
