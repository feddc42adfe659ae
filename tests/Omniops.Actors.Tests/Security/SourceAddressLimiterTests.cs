using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Security;

namespace Omniops.Actors.Tests.Security;

public sealed class SourceAddressLimiterTests
{
    [Fact]
    public void ASourceIsExhaustedOnceItsRefusalsSpentTheBurstAndOthersAreNot()
    {
        using var limiter = new SourceAddressLimiter(Options.Create(new GatewayOptions { AnonymousBurst = 5, AnonymousPermitsPerSecond = 1 }));
        var stranger = Request("127.0.0.2");
        var platform = Request("127.0.0.1");

        var exhaustedBefore = limiter.IsExhausted(stranger);
        for (var i = 0; i < 5; i++)
        {
            limiter.Charge(stranger);
        }

        Assert.False(exhaustedBefore);
        Assert.True(limiter.IsExhausted(stranger));
        Assert.False(limiter.IsExhausted(platform));
    }

    private static DefaultHttpContext Request(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }

    [Fact]
    public async Task RefusalsFasterThanTheRefillExhaustTheSource()
    {
        using var limiter = new SourceAddressLimiter(Options.Create(new GatewayOptions { AnonymousBurst = 100, AnonymousPermitsPerSecond = 20 }));
        var stranger = Request("127.0.0.2");
        var charged = 0;
        while (!limiter.IsExhausted(stranger) && charged < 1000)
        {
            limiter.Charge(stranger);
            charged++;
            await Task.Delay(5);
        }

        Assert.InRange(charged, 100, 200);
    }
}
