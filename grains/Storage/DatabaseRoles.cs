namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// Which database roles a PostgreSQL silo uses: the schema owner's connection string the migrator runs under
/// (<c>ConnectionStrings:OmniopsMigrations</c>; <see langword="null"/>: the runtime connection migrates), and whether
/// the runtime connection may be the schema owner or a superuser (<c>Omniops:Storage:AllowOwnerRole</c>, development
/// only: such a role can rewrite the audit log or disable its triggers).
/// </summary>
public sealed record DatabaseRoles(string? MigrationConnectionString, bool AllowOwnerRole)
{
    /// <summary>The configuration key of <see cref="AllowOwnerRole"/>.</summary>
    public const string AllowOwnerRoleKey = "Omniops:Storage:AllowOwnerRole";
}
