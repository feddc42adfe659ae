using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Grains.Ai;

namespace Omniops.Actors.Grains.Privacy;

public static class TransparencySiloBuilderExtensions
{
    /// <summary>What the deployment states about its processing (purposes, subprocessors, AI provider), validated at start.</summary>
    public static ISiloBuilder AddOmniopsTransparency(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().Bind(builder.Configuration.GetSection(PrivacyOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Privacy: every subprocessor needs Name, Purpose and Region; every text 1-200 characters.")
            .ValidateOnStart();
        builder.Services.AddOptions<AiProviderOptions>().Bind(builder.Configuration.GetSection(AiProviderOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Ai: Endpoint must be an absolute https URL, with Model and Region set and RetentionDays 0-3650.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DataMapBuilder>();
        return builder;
    }
}
