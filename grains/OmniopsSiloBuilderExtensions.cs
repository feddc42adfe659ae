using Omniops.Actors.Grains.Ai;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Grains.Channels;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Credentials;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Grains.Security;
using Omniops.Actors.Grains.Storage;
using Omniops.Actors.Grains.Tenants;

namespace Omniops.Actors.Grains;

public static class OmniopsSiloBuilderExtensions
{
    /// <summary>Everything a silo of this runtime runs: the table of contents of the grain side.</summary>
    public static ISiloBuilder AddOmniops(this ISiloBuilder builder) => builder
        .UseOmniopsStorage()
        .AddOmniopsSecurity()
        .AddOmniopsAudit()
        .AddOmniopsTenants()
        .AddOmniopsCredentials()
        .AddOmniopsConversations()
        .AddOmniopsChannels()
        .AddOmniopsPrivacy()
        .AddOmniopsTransparency()
        .AddOmniopsAi();
}
