using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Audit;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>The public half of the service's signing key (the same key signs audit checkpoints and privacy receipts).</summary>
[StatelessWorker, Reentrant]
public sealed class ReceiptKeyGrain(AuditSigner signer) : Grain, IReceiptKeyGrain
{
    public Task<ReceiptKey> GetAsync() => Task.FromResult(new ReceiptKey(signer.KeyId, signer.PublicKeyPem));
}
