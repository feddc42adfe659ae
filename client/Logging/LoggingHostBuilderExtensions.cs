using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;

namespace Omniops.Actors.Client.Logging;

public static class LoggingHostBuilderExtensions
{
    /// <summary>The configuration key of an optional log file (<c>Omniops__Logging__File</c>); default: console only.</summary>
    public const string FileKey = "Omniops:Logging:File";

    /// <summary>
    /// Serilog for every host of this runtime: console (and an optional file), every line through
    /// <see cref="RedactingFormatter"/>. Framework request logging, which would print raw paths and query strings, is
    /// held at Warning. Other logger providers (such as the dashboard's Log Stream) receive nothing.
    /// </summary>
    public static IHostApplicationBuilder AddOmniopsLogging(this IHostApplicationBuilder builder)
    {
        var file = builder.Configuration[FileKey];
        // preserveStaticLogger: each host owns its logger; none replaces or closes the process-wide Log.Logger, so
        // several hosts in one process (tests, benchmarks) never silence each other.
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: configuration =>
        {
            configuration
                .MinimumLevel.Information()
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting", LogEventLevel.Information)
                // A failed start is reported once, readably, by RunOrExplainAsync; not again as a stack dump.
                .MinimumLevel.Override("Microsoft.Extensions.Hosting.Internal.Host", LogEventLevel.Fatal)
                .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
                .MinimumLevel.Override("Polly", LogEventLevel.Warning)
                .MinimumLevel.Override("Orleans.Runtime.Silo", LogEventLevel.Information)
                .Enrich.FromLogContext()
                .WriteTo.Console(new RedactingFormatter());
            if (!string.IsNullOrWhiteSpace(file))
            {
                configuration.WriteTo.File(new RedactingFormatter(), file, shared: true, flushToDiskInterval: TimeSpan.FromMilliseconds(200));
            }
        });
        return builder;
    }
}
