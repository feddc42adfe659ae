using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// Applies the versioned SQL migrations embedded in this assembly (<c>Storage/Migrations/NNNN_name.sql</c>) in
/// order, each once, each in its own transaction, under a cluster-wide advisory lock so that silos starting together
/// do not race. Safe to run at every start-up.
/// <para>
/// They run as the schema owner (<see cref="DatabaseRoles.MigrationConnectionString"/>), which then grants the
/// runtime role (the <c>current_user</c> of <paramref name="dataSource"/>) exactly the privileges its stores use
/// (<c>RuntimeGrants.sql</c>). Last, the runtime role is checked: start-up is refused when it is a superuser or a
/// member of the role owning the schema, unless <see cref="DatabaseRoles.AllowOwnerRole"/> is set.
/// </para>
/// </summary>
public sealed partial class PostgresMigrator(NpgsqlDataSource dataSource, DatabaseRoles roles, ILoggerFactory loggerFactory, ILogger<PostgresMigrator> logger)
{
    private const string ResourcePrefix = "Omniops.Migrations.";
    private const string GrantsResource = "Omniops.RuntimeGrants.sql";
    private const long AdvisoryLockKey = 0x6F6D6E696F7073; // "omniops"

    /// <summary>The embedded migrations, ordered by version.</summary>
    public static IReadOnlyList<(int Version, string Name)> Migrations { get; } = typeof(PostgresMigrator).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^4])
        .Select(n => (Version: int.Parse(n[..n.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), Name: n))
        .OrderBy(m => m.Version)
        .ToArray();

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var runtime = await dataSource.OpenConnectionAsync(cancellationToken);
        var runtimeRole = await CurrentUserAsync(runtime, cancellationToken);
        if (roles.MigrationConnectionString is { } migrationConnectionString)
        {
            var builder = new NpgsqlDataSourceBuilder(migrationConnectionString);
            builder.UseLoggerFactory(loggerFactory);
            await using var owner = builder.Build();
            await using var connection = await owner.OpenConnectionAsync(cancellationToken);
            await MigrateAsync(connection, runtimeRole, cancellationToken);
        }
        else
        {
            await MigrateAsync(runtime, runtimeRole, cancellationToken);
        }

        await CheckRuntimeRoleAsync(runtime, runtimeRole, cancellationToken);
    }

    private async Task CheckRuntimeRoleAsync(NpgsqlConnection runtime, string runtimeRole, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT r.rolsuper, pg_has_role(current_user, c.relowner, 'MEMBER')
            FROM pg_roles r, pg_class c
            WHERE r.rolname = current_user AND c.oid = 'omniops_audit_events'::regclass
            """, runtime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (superuser, owner) = (reader.GetBoolean(0), reader.GetBoolean(1));
        if (!superuser && !owner)
        {
            return;
        }

        var what = superuser ? "a superuser" : "the owner of the schema";
        if (!roles.AllowOwnerRole)
        {
            throw new InvalidOperationException(
                $"the silo's database role '{runtimeRole}' (ConnectionStrings:{OmniopsDeployment.ConnectionStringName}) is {what}, so it could rewrite " +
                $"the audit log or disable its triggers. Run the silos as a role without those rights and give the owner's connection " +
                $"string as ConnectionStrings:{OmniopsDeployment.MigrationConnectionStringName} (see the README's PostgreSQL set-up), or, " +
                $"for development only, set {DatabaseRoles.AllowOwnerRoleKey}=true.");
        }

        LogOwnerRoleAllowed(logger, runtimeRole, what, DatabaseRoles.AllowOwnerRoleKey);
    }

    private async Task MigrateAsync(NpgsqlConnection connection, string runtimeRole, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS omniops_schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);

            var applied = new HashSet<int>();
            await using (var command = new NpgsqlCommand("SELECT version FROM omniops_schema_migrations", connection))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            foreach (var (version, name) in Migrations.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, ReadScript(name), cancellationToken);
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO omniops_schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = version });
                    record.Parameters.Add(new NpgsqlParameter { Value = name });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, version, name);
            }

            // The owner migrating as the runtime role (no migration connection string) has every privilege already.
            if (await CurrentUserAsync(connection, cancellationToken) != runtimeRole)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var role = new NpgsqlCommand("SELECT set_config('omniops.runtime_role', $1, true)", connection, transaction))
                {
                    role.Parameters.Add(new NpgsqlParameter { Value = runtimeRole });
                    await role.ExecuteNonQueryAsync(cancellationToken);
                }

                await ExecuteAsync(connection, transaction, ReadResource(GrantsResource), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                LogGranted(logger, runtimeRole);
            }
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static string ReadScript(string name) => ReadResource(ResourcePrefix + name + ".sql");

    private static string ReadResource(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static async Task<string> CurrentUserAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT current_user::text", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Version} ({Name})")]
    private static partial void LogApplied(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Granted the runtime database role {Role} its privileges")]
    private static partial void LogGranted(ILogger logger, string role);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The silo's database role {Role} is {What}; allowed by {Setting} (development only)")]
    private static partial void LogOwnerRoleAllowed(ILogger logger, string role, string what, string setting);
}
