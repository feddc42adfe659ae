using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Privacy;

/// <summary>
/// The service's receipt-signing public key, fetched from a silo once per gateway (the key is configuration, the same
/// on every silo), so an anonymous caller asking for made-up key ids costs no grain call. A failed fetch is not kept.
/// </summary>
public sealed class ReceiptKeyCache(IGrainFactory grains)
{
    private Task<ReceiptKey>? _key;

    public async Task<ReceiptKey> GetAsync()
    {
        var fetch = _key ??= CallerContext.RunAsAsync(CallerContext.Gateway(null), () => grains.GetGrain<IReceiptKeyGrain>(0).GetAsync());
        try
        {
            return await fetch;
        }
        catch
        {
            _ = Interlocked.CompareExchange(ref _key, null, fetch);
            throw;
        }
    }
}
