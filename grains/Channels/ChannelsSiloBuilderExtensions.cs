using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Omniops.Actors.Grains.Channels;

public static class ChannelsSiloBuilderExtensions
{
    /// <summary>
    /// The channel inboxes; the store of privacy requests that shop platforms forward comes with the storage mode.
    /// </summary>
    public static ISiloBuilder AddOmniopsChannels(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
