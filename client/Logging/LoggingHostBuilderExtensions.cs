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
    /// The configuration section of per-category minimum levels (<c>Omniops__Logging__Levels__Npgsql=Debug</c>):
    /// Verbose, Debug, Information, Warning, Error or Fatal, for troubleshooting. Every line still passes the
    /// redaction. Default: none, the built-in levels below.
    /// </summary>
    public const string LevelsSection = "Omniops:Logging:Levels";

    /// <summary>
    /// Serilog for every host of this runtime: console (and an optional file), every line through
    /// <see cref="RedactingFormatter"/>. Framework request logging, which would print raw paths and query strings, is
    /// held at Warning, and so is Npgsql (it would log every statement at Information). Levels configured under
    /// <see cref="LevelsSection"/> come last. Other logger providers (such as the dashboard's Log Stream) receive nothing.
    /// </summary>
    public static IHostApplicationBuilder AddOmniopsLogging(this IHostApplicationBuilder builder)
    {
        var file = builder.Configuration[FileKey];
        var levels = ConfiguredLevels(builder.Configuration);
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
                .MinimumLevel.Override("Npgsql", LogEventLevel.Warning)
                .MinimumLevel.Override("Orleans.Runtime.Silo", LogEventLevel.Information)
                .Enrich.FromLogContext()
                .WriteTo.Console(new RedactingFormatter());
            foreach (var (category, level) in levels)
            {
                configuration.MinimumLevel.Override(category, level);
            }

            if (!string.IsNullOrWhiteSpace(file))
            {
                configuration.WriteTo.File(new RedactingFormatter(), file, shared: true, flushToDiskInterval: TimeSpan.FromMilliseconds(200));
            }
        });
        return builder;
    }

    private static List<(string Category, LogEventLevel Level)> ConfiguredLevels(IConfiguration configuration) =>
        [.. configuration.GetSection(LevelsSection).GetChildren().Select(entry =>
            Enum.TryParse<LogEventLevel>(entry.Value, ignoreCase: true, out var level) && Enum.IsDefined(level)
                ? (entry.Key, level)
                : throw new InvalidOperationException(
                    $"Omniops__Logging__Levels__{entry.Key} must be Verbose, Debug, Information, Warning, Error or Fatal."))];
}
