using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Omniops.Actors.Grains.Privacy;

public static class PrivacySiloBuilderExtensions
{
    /// <summary>Privacy requests and their erasure fan-out; the request queue's store comes with the storage mode.</summary>
    public static ISiloBuilder AddOmniopsPrivacy(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<PrivacyRequestOptions>().Bind(builder.Configuration.GetSection(PrivacyRequestOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:PrivacyRequests: ResumePeriod over 0 and at most 1 hour; FanOut 1-1024.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SubjectErasure>();
        builder.Services.AddSingleton<TenantOffboarding>();
        return builder;
    }
}
