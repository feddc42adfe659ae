using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>Publishes the receipt-signing public key to the gateway (which holds no key). Key: <c>0</c> (stateless).</summary>
[Alias("omniops.receipt-key-grain")]
public interface IReceiptKeyGrain : IGrainWithIntegerKey
{
    [Alias("get"), RequiresScope(Scopes.Authenticate)]
    Task<ReceiptKey> GetAsync();
}
