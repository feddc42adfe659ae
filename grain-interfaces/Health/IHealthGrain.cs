using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Health;

/// <summary>A stateless grain the readiness probe calls to prove a grain round trip works.</summary>
[Alias("omniops.health")]
public interface IHealthGrain : IGrainWithIntegerKey
{
    [Alias("ping"), RequiresScope(Scopes.Health)]
    Task<DateTimeOffset> PingAsync();
}
