using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Omniops.Actors.Grains.Conversations;

public static class ConversationsSiloBuilderExtensions
{
    /// <summary>
    /// Conversation grains and their group commit settings; the message store (PostgreSQL with group commit, or memory)
    /// comes with the storage mode.
    /// </summary>
    public static ISiloBuilder AddOmniopsConversations(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ConversationOptions>().Bind(builder.Configuration.GetSection(ConversationOptions.Section))
            .Validate(o => o.MaxBatch is >= 1 and <= 10_000 && o.Writers is >= 1 and <= 16, "Omniops:Conversations: MaxBatch 1-10000, Writers 1-16.")
            .ValidateOnStart();
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.Section))
            .Validate(o => o.MaxAttempts is >= 1 and <= 100 && o.BaseDelay > TimeSpan.Zero && o.MaxDelay >= o.BaseDelay &&
                o.DispatchPeriod >= TimeSpan.FromMinutes(1) && o.BatchSize is >= 1 and <= 1000,
                "Omniops:Outbox: MaxAttempts 1-100, BaseDelay > 0, MaxDelay >= BaseDelay, DispatchPeriod at least a minute, BatchSize 1-1000.")
            .ValidateOnStart();
        builder.Services.AddOptions<WhatsAppOptions>().Bind(builder.Configuration.GetSection(WhatsAppOptions.Section))
            .Validate(o => o.GraphBaseUrl.IsAbsoluteUri && (o.GraphBaseUrl.Scheme == Uri.UriSchemeHttps || (o.GraphBaseUrl.Scheme == Uri.UriSchemeHttp && o.GraphBaseUrl.IsLoopback)),
                "Omniops:Channels:WhatsApp:GraphBaseUrl must be an absolute https URL (plain http only to loopback).")
            .ValidateOnStart();
        return builder;
    }
}
