using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Channels;

public static class ChannelsSiloBuilderExtensions
{
    /// <summary>The channel inboxes and the store of privacy requests that shop platforms forward.</summary>
    public static ISiloBuilder AddOmniopsChannels(this ISiloBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IComplianceRequestStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.UsePostgres
            ? new PostgresComplianceRequestStore(sp.GetRequiredService<NpgsqlDataSource>())
            : new InMemoryComplianceRequestStore());
        return builder;
    }
}
