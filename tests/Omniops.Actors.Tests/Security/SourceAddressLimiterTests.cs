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

    [Theory]
    [InlineData("127.0.0.2", "127.0.0.2")]
    [InlineData("::ffff:127.0.0.2", "127.0.0.2")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void AnIpv6SourceIsLimitedByItsSlash64AndAMappedIpv4ByItsAddress(string address, string partition)
    {
        Assert.Equal(partition, SourceAddressLimiter.AddressOf(Request(address)));
    }
}
