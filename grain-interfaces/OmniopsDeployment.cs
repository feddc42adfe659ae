using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Omniops.Actors.GrainInterfaces;

/// <summary>
/// Which kind of deployment a host belongs to, decided once when the host is composed and registered as a singleton:
/// with <c>ConnectionStrings__Omniops</c> set, PostgreSQL (clustering, grain storage, reminders and every store on
/// it; operator and master keys required); without it, the embedded single node that keeps everything in memory.
/// Everything that differs between the two asks this instead of reading the configuration again.
/// </summary>
public sealed class OmniopsDeployment
{
    /// <summary>The name of the connection string (<c>ConnectionStrings__Omniops</c>).</summary>
    public const string ConnectionStringName = "Omniops";

    /// <summary>
    /// The name of the schema owner's connection string (<c>ConnectionStrings__OmniopsMigrations</c>): the silos
    /// migrate the schema through it and grant the runtime role (the one <see cref="ConnectionStringName"/> logs in
    /// as) only the privileges it needs. Unset, the runtime role migrates and so owns the schema, which start-up
    /// refuses unless <c>Omniops:Storage:AllowOwnerRole</c> is set for development.
    /// </summary>
    public const string MigrationConnectionStringName = "OmniopsMigrations";

    /// <summary>The ADO.NET invariant the Orleans providers load for PostgreSQL.</summary>
    public const string Invariant = "Npgsql";

    private OmniopsDeployment(string? connectionString) => ConnectionString = connectionString;

    /// <summary>The embedded single node: localhost clustering, everything in memory.</summary>
    public static OmniopsDeployment Embedded { get; } = new(null);

    /// <summary>The Npgsql connection string; <see langword="null"/> for the embedded node.</summary>
    public string? ConnectionString { get; }

    /// <summary>Whether this is the embedded in-memory node (else PostgreSQL, with <see cref="ConnectionString"/>).</summary>
    [MemberNotNullWhen(false, nameof(ConnectionString))]
    public bool IsEmbedded => ConnectionString is null;

    /// <summary>A PostgreSQL deployment on <paramref name="connectionString"/>.</summary>
    public static OmniopsDeployment PostgreSql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new OmniopsDeployment(connectionString);
    }

    /// <summary>The decision itself: PostgreSQL when the connection string is set and not blank, else embedded.</summary>
    public static OmniopsDeployment From(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { } connectionString && !string.IsNullOrWhiteSpace(connectionString)
            ? PostgreSql(connectionString)
            : Embedded;

    /// <summary>
    /// The deployment the host behind <paramref name="services"/> is being composed for: the one already registered,
    /// else decided now from <paramref name="configuration"/> and registered, so every part of one host sees the
    /// same decision however many extensions ask.
    /// </summary>
    public static OmniopsDeployment For(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.LastOrDefault(d => d.ServiceType == typeof(OmniopsDeployment) && !d.IsKeyedService)?.ImplementationInstance is OmniopsDeployment registered)
        {
            return registered;
        }

        var deployment = From(configuration);
        services.AddSingleton(deployment);
        return deployment;
    }

    public override string ToString() => IsEmbedded ? "embedded (in memory)" : "PostgreSQL";
}
