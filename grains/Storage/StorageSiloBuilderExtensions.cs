using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Audit;
using Omniops.Actors.Grains.Channels;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Health;
using Omniops.Actors.Grains.Orders;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Grains.Security.Keys;
using Orleans.Configuration;
using Orleans.Storage;

namespace Omniops.Actors.Grains.Storage;

public static class StorageSiloBuilderExtensions
{
    /// <summary>How many statements Npgsql keeps prepared per connection unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Automatic statement preparation (<see cref="DefaultMaxAutoPrepare"/>) and no session reset when a pooled
    /// connection is reused, each unless the connection string sets <c>Max Auto Prepare</c> or <c>No Reset On Close</c>
    /// itself.
    /// </summary>
    public static void ApplyConnectionDefaults(NpgsqlConnectionStringBuilder connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The typed builder answers every keyword it knows (ContainsKey is true, the value 0 when unset); the plain
        // builder over the same text has only the keys the text names.
        var named = new DbConnectionStringBuilder { ConnectionString = connection.ConnectionString };
        if (!named.ContainsKey("Max Auto Prepare") && !named.ContainsKey("MaxAutoPrepare"))
        {
            connection.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        // A pooled connection is handed out again without Npgsql's session reset (seven statements sent ahead of the
        // next command each time: SET SESSION AUTHORIZATION DEFAULT; RESET ALL; CLOSE ALL; …): the runtime keeps no
        // session state on its connections — the tenant binding is set_config(…, true), local to its transaction, and
        // an open transaction is rolled back when its connection closes. Unless the connection string says otherwise.
        if (!named.ContainsKey("No Reset On Close") && !named.ContainsKey("NoResetOnClose"))
        {
            connection.NoResetOnClose = true;
        }
    }

    /// <summary>
    /// Chooses where everything lives, once, from the <see cref="OmniopsDeployment"/> the host is composed for. On
    /// PostgreSQL: ADO.NET clustering, grain storage and reminders, the schema migrated at start-up before membership
    /// is touched (as the schema owner, <c>ConnectionStrings:OmniopsMigrations</c>, which grants the runtime role only
    /// what it needs; a runtime role that owns the schema or is a superuser is refused unless
    /// <c>Omniops:Storage:AllowOwnerRole</c>), and every store (audit, keys, messages, compliance requests) on PostgreSQL. Embedded: a single node
    /// with localhost clustering and everything in memory.
    /// </summary>
    public static ISiloBuilder UseOmniopsStorage(this ISiloBuilder builder)
    {
        var deployment = OmniopsDeployment.For(builder.Services, builder.Configuration);
        var cluster = ClusterSettings.From(builder.Configuration);

        // Grain state is written with the Orleans serializer: version-tolerant by [Id], no reflection-based JSON.
        builder.Services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        builder.Services.AddSingleton<DatabaseProbe>();

        if (deployment.IsEmbedded)
        {
            builder.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort);
            builder.AddMemoryGrainStorage(StorageNames.Main);
            builder.AddMemoryGrainStorage(StorageNames.Privacy);
            builder.UseInMemoryReminderService();
            builder.Services.AddSingleton<IAuditStore, InMemoryAuditStore>();
            builder.Services.AddSingleton<IMessageStore, InMemoryMessageStore>();
            builder.Services.AddSingleton<IGrainStatePurger, InMemoryGrainStatePurger>();
            builder.Services.AddSingleton<ITenantDataPurger, InMemoryTenantDataPurger>();
            // The stores holding a tenant's records, each also as itself and as IInMemoryTenantRows, so offboarding
            // (InMemoryTenantDataPurger) empties the same instances the grains write to.
            AddInMemory<ITenantKeyStore, InMemoryTenantKeyStore>(builder.Services);
            AddInMemory<ISubjectKeyStore, InMemorySubjectKeyStore>(builder.Services);
            AddInMemory<IComplianceRequestStore, InMemoryComplianceRequestStore>(builder.Services);
            AddInMemory<IPrivacyRequestStore, InMemoryPrivacyRequestStore>(builder.Services);
            AddInMemory<ISubjectIndexStore, InMemorySubjectIndexStore>(builder.Services);
            AddInMemory<IPrivacyLinkStore, InMemoryPrivacyLinkStore>(builder.Services);
            AddInMemory<IOrderIndexStore, InMemoryOrderIndexStore>(builder.Services);
            AddInMemory<Catalogue.IProductCatalogueStore, Catalogue.InMemoryProductCatalogueStore>(builder.Services);
            return builder;
        }

        // One connection string for the runtime's stores and Orleans' ADO.NET providers (grain state, reminders,
        // membership), each its own pool: every statement of either is one constant, parameterised text, so Npgsql's
        // automatic preparation parses and plans it once per connection instead of on every call, and no session
        // reset precedes each reuse of a pooled connection (ApplyConnectionDefaults; a connection string that sets either
        // keyword keeps its own value). Measured on an offboarding, Orleans' unprepared statements and their DISCARD
        // ALLs were a sixth of PostgreSQL's CPU.
        var tuned = new NpgsqlConnectionStringBuilder(deployment.ConnectionString);
        ApplyConnectionDefaults(tuned);
        var connectionString = tuned.ConnectionString;
        const string invariant = OmniopsDeployment.Invariant;
        builder.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
        // Through DI, so Npgsql logs through the host's ILoggerFactory: the redacting Serilog pipeline.
        builder.Services.AddNpgsqlDataSource(connectionString);
        var privacyConnectionString = PrivacyPool.ConnectionString(connectionString, PrivacyPool.Connections(builder.Configuration));
        builder.Services.AddNpgsqlDataSource(privacyConnectionString, serviceKey: StorageNames.Privacy);
        builder.Services.AddSingleton(new DatabaseRoles(
            builder.Configuration.GetConnectionString(OmniopsDeployment.MigrationConnectionStringName) is { } migrations && !string.IsNullOrWhiteSpace(migrations) ? migrations : null,
            builder.Configuration.GetValue<bool>(DatabaseRoles.AllowOwnerRoleKey)));
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
        builder.AddAdoNetGrainStorage(StorageNames.Privacy, o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = privacyConnectionString;
        });
        // What fails below grain state leaves as the runtime's own error types, and a read is retried over a blip.
        GuardedGrainStorage.Wrap(builder.Services, StorageNames.Main);
        GuardedGrainStorage.Wrap(builder.Services, StorageNames.Privacy);
        builder.UseAdoNetReminderService(o =>
        {
            o.Invariant = invariant;
            o.ConnectionString = connectionString;
        });
        builder.AddIncomingGrainCallFilter<DatabaseOutageFilter>();
        builder.Services.AddSingleton<IAuditStore, PostgresAuditStore>();
        builder.Services.AddSingleton<ITenantKeyStore, PostgresTenantKeyStore>();
        builder.Services.AddSingleton<ISubjectKeyStore, PostgresSubjectKeyStore>();
        builder.Services.AddSingleton<IMessageStore, PostgresMessageStore>();
        builder.Services.AddSingleton<IComplianceRequestStore, PostgresComplianceRequestStore>();
        builder.Services.AddSingleton<IPrivacyRequestStore, PostgresPrivacyRequestStore>();
        builder.Services.AddSingleton<ISubjectIndexStore, PostgresSubjectIndexStore>();
        builder.Services.AddSingleton<IGrainStatePurger, PostgresGrainStatePurger>();
        builder.Services.AddSingleton<ITenantDataPurger, PostgresTenantDataPurger>();
        builder.Services.AddSingleton<IPrivacyLinkStore, PostgresPrivacyLinkStore>();
        builder.Services.AddSingleton<IOrderIndexStore, PostgresOrderIndexStore>();
        builder.Services.AddSingleton<Catalogue.IProductCatalogueStore, Catalogue.PostgresProductCatalogueStore>();
        return builder;
    }

    /// <summary>Runs the migrations at the very first silo lifecycle stage, before membership reads its table.</summary>
    private sealed class MigrationLifecycleParticipant(PostgresMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(MigrationLifecycleParticipant), ServiceLifecycleStage.First, migrator.MigrateAsync);
    }

    private static void AddInMemory<TService, TStore>(IServiceCollection services)
        where TService : class
        where TStore : class, TService
    {
        services.AddSingleton<TStore>();
        services.AddSingleton<TService>(provider => provider.GetRequiredService<TStore>());
        if (typeof(IInMemoryTenantRows).IsAssignableFrom(typeof(TStore)))
        {
            services.AddSingleton(provider => (IInMemoryTenantRows)provider.GetRequiredService<TStore>());
        }
    }
}
