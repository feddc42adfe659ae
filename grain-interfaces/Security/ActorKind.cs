namespace Omniops.Actors.GrainInterfaces.Security;

/// <summary>Who is calling. Operators and the system act across tenants; everyone else is bound to one tenant.</summary>
[GenerateSerializer, Alias("omniops.actor-kind")]
public enum ActorKind
{
    System = 0,
    Operator = 1,
    TenantAdmin = 2,
    Agent = 3,
    Customer = 4,
    Channel = 5,

    /// <summary>A data subject acting through the privacy link a merchant issued for them.</summary>
    DataSubject = 6,
}
