using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Omniops.Actors.Grains.Privacy;

public static class TransparencySiloBuilderExtensions
{
    /// <summary>What the deployment states about its processing (purposes, subprocessors, AI provider), validated at start.</summary>
    public static ISiloBuilder AddOmniopsTransparency(this ISiloBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().Bind(builder.Configuration.GetSection(PrivacyOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Privacy: every subprocessor needs Name, Purpose and Region; every text 1-200 characters.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DataMapBuilder>();
        return builder;
    }
}
