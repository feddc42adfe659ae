using Omniops.Actors.Grains.Ai;

namespace Omniops.Actors.Tests.Ai;

/// <summary>The provider's endpoint: https anywhere, plain http only to a loopback address.</summary>
public sealed class AiProviderOptionsTests
{
    [Theory]
    [InlineData("https://api.example.com/v1", true)]
    [InlineData("http://127.0.0.1:8080/v1", true)]
    [InlineData("http://[::1]:8080/v1", true)]
    [InlineData("http://localhost:8080/v1", true)]
    [InlineData("http://api.example.com/v1", false)]
    [InlineData("http://10.0.0.5/v1", false)]
    [InlineData("ftp://127.0.0.1/v1", false)]
    [InlineData("not a url", false)]
    public void AnEndpointIsValidOnlyOverHttpsOrPlainHttpToLoopback(string endpoint, bool valid)
    {
        var options = new AiProviderOptions { Endpoint = endpoint, Model = "m", Region = "eu-west" };

        Assert.Equal(valid, options.IsValid());
    }

    [Fact]
    public void NoEndpointMeansNotConfiguredAndValidWhileAnEndpointWithoutModelOrRegionIsInvalid()
    {
        Assert.True(new AiProviderOptions().IsValid());
        Assert.False(new AiProviderOptions().IsConfigured);
        Assert.False(new AiProviderOptions { Endpoint = "https://api.example.com/v1", Region = "eu" }.IsValid());
        Assert.False(new AiProviderOptions { Endpoint = "https://api.example.com/v1", Model = "m" }.IsValid());
        Assert.False(new AiProviderOptions { Endpoint = "https://api.example.com/v1", Model = "m", Region = "eu", Timeout = TimeSpan.FromMinutes(5) }.IsValid());
    }
}
