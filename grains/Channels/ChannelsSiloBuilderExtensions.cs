using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Omniops.Actors.Grains.Channels;

public static class ChannelsSiloBuilderExtensions
{
    /// <summary>
    /// The channel inboxes and the cooling-off of destructive privacy requests; the store of privacy requests that
    /// shop platforms forward comes with the storage mode.
    /// </summary>
    public static ISiloBuilder AddOmniopsChannels(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ComplianceOptions>().Bind(builder.Configuration.GetSection(ComplianceOptions.Section))
            .Validate(o => o.IsValid(), "Omniops:Compliance: CoolingOff 00:00:00-14.00:00:00.")
            .ValidateOnStart();
        return builder;
    }
}
