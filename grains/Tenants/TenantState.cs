using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Grains.Tenants;

[GenerateSerializer, Alias("omniops.tenant-state")]
public sealed class TenantState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public string Name { get; set; } = string.Empty;
    [Id(2)] public string Region { get; set; } = string.Empty;
    [Id(3)] public TenantStatus Status { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public TenantSettings Settings { get; set; } = TenantSettings.Default;
    [Id(6)] public List<ApiKeyRecord> ApiKeys { get; set; } = [];
}
