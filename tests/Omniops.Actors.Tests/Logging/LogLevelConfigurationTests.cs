using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Omniops.Actors.Client.Logging;

namespace Omniops.Actors.Tests.Logging;

/// <summary>Per-category levels (<c>Omniops__Logging__Levels__*</c>) are checked when the host is composed.</summary>
public sealed class LogLevelConfigurationTests
{
    [Fact]
    public void AnUnknownLevelStopsCompositionWithASentenceNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration[LoggingHostBuilderExtensions.LevelsSection + ":Npgsql"] = "Chatty";

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddOmniopsLogging());

        Assert.Equal("Omniops__Logging__Levels__Npgsql must be Verbose, Debug, Information, Warning, Error or Fatal.", refused.Message);
    }
}
