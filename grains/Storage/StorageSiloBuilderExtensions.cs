using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Orleans.Configuration;
using Orleans.Storage;

namespace Omniops.Actors.Grains.Storage;

public static class StorageSiloBuilderExtensions
{
    /// <summary>
    /// Chooses where everything lives. With <c>ConnectionStrings__Omniops</c> set: ADO.NET clustering, grain storage and
    /// reminders on PostgreSQL, with the schema migrated at start-up before membership is touched. Without it: an
    /// embedded single node (localhost clustering, in-memory storage and reminders).
    /// </summary>
    public static ISiloBuilder UseOmniopsStorage(this ISiloBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(StorageOptions.ConnectionStringName);
        var cluster = ClusterSettings.From(builder.Configuration);
        builder.Services.AddOptions<StorageOptions>().Configure(o => o.ConnectionString = connectionString);

        // Grain state is written with the Orleans serializer: version-tolerant by [Id], no reflection-based JSON.
        builder.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            builder.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
            builder.AddMemoryGrainStorage(StorageNames.Main);
            builder.UseInMemoryReminderService();
            return builder;
        }

        const string invariant = StorageOptions.Invariant;
        builder.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<PostgresMigrator>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MigrationLifecycleParticipant>();
        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        builder.AddAdoNetGrainStorage(StorageNames.Main, o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        builder.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        return builder;
    }

    /// <summary>Runs the migrations at the very first silo lifecycle stage, before membership reads its table.</summary>
    private sealed class MigrationLifecycleParticipant(PostgresMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(MigrationLifecycleParticipant), ServiceLifecycleStage.First, migrator.MigrateAsync);
    }
}
