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
        return builder;
    }
}
