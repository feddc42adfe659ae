using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Grains.Tenants;

[GenerateSerializer, Alias("omniops.tenant-directory-state")]
public sealed class TenantDirectoryState
{
    [Id(0)] public Dictionary<string, TenantDirectoryEntry> Tenants { get; set; } = new(StringComparer.Ordinal);
}
