using System.Globalization;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>The command line: <c>[isolation|audit|verify|encryption|webhooks|auth|privacy|minimiser|ai-draft|inbox|scale|soak|all] [--seconds N] [--rounds N] [--concurrency N] [--senders N] [--events N] [--flood-seconds N] [--conversations N] [--minutes N] [--rate N] [--loads N] [--only PART]</c>.</summary>
public sealed record BenchOptions(string Benchmark, int Seconds, int Rounds, int Concurrency, int Events)
{
    public const string Usage =
        "usage: dotnet run -c Release --project bench/Omniops.Actors.Bench -- [isolation|audit|verify|encryption|webhooks|auth|privacy|minimiser|ai-draft|inbox|scale|soak|all] " +
        "[--seconds N (measured window per run, default 2; webhooks 15; auth 10)] [--rounds N (alternating rounds, default 6; webhooks 2; auth 2; ai-draft 10 of 100 drafts, each followed by a plain draft; privacy 3 after one warm-up offboarding)] " +
        "[--concurrency N (default 64; auth: legitimate connections, default 4)] [--events N (verify chain length, default 200000)] " +
        "[--flood-seconds N (auth: unknown-tenant flood before the memory reading, default 60)] " +
        "[--conversations N (privacy: conversations of the erased subject, default 1000; the offboarded tenant has 10×; inbox: the tenant's conversations, default 10000)] " +
        "[--loads N (inbox: measured page views of each page, default 200, after 20 warm-up views)] " +
        "[--senders N (scale, soak: concurrent senders, default 64; the same as --concurrency)] " +
        "[--minutes N (soak: length of the soak, default 10)] [--rate N (soak: messages/s, default half the peak measured first)] " +
        "[--only erasure|offboarding|export (privacy: run only that part, default all three)]; " +
        "soak runs only when named, never in all";

    private static readonly string[] Benchmarks = ["isolation", "audit", "verify", "encryption", "webhooks", "auth", "privacy", "minimiser", "ai-draft", "inbox", "scale", "soak", "all"];

    public TimeSpan Window => TimeSpan.FromSeconds(Seconds);

    /// <summary>How long the auth benchmark floods unknown tenants before its second memory reading (default 60 s).</summary>
    public int FloodSeconds { get; init; } = 60;

    /// <summary>How many conversations the privacy benchmark's erased subject has (default 1,000); the offboarded tenants have ten times as many.</summary>
    public int Conversations { get; init; } = 1000;

    /// <summary>How long the soak runs (default 10 minutes).</summary>
    public int Minutes { get; init; } = 10;

    /// <summary>How many times the inbox benchmark loads each page it measures, after its warm-up (default 200).</summary>
    public int Loads { get; init; } = 200;

    /// <summary>The soak's ingest rate in messages/s; 0 (the default) measures the peak first and soaks at half of it.</summary>
    public int Rate { get; init; }

    /// <summary>The one part of the privacy benchmark to run (<c>erasure</c>, <c>offboarding</c> or <c>export</c>); null runs all three.</summary>
    public string? Only { get; init; }

    /// <summary>The options given on the command line (e.g. <c>--seconds</c>), for a benchmark whose defaults differ.</summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();

    /// <summary>Whether <paramref name="benchmark"/> runs; the soak (minutes long) only when named.</summary>
    public bool Runs(string benchmark) => (Benchmark == "all" && benchmark != "soak") || Benchmark == benchmark;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions("all", 2, 6, 64, 200_000);
        var given = new HashSet<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (Benchmarks.Contains(arg))
            {
                options = options with { Benchmark = arg };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unknown or incomplete argument '{arg}'.");
            }

            if (arg == "--only")
            {
                var part = args[++i];
                options = part is "erasure" or "offboarding" or "export"
                    ? options with { Only = part }
                    : throw new ArgumentException($"Unknown part: --only {part}.");
                given.Add(arg);
                continue;
            }

            var value = int.Parse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture);
            options = arg switch
            {
                "--seconds" when value is >= 1 and <= 600 => options with { Seconds = value },
                "--rounds" when value is >= 1 and <= 20 => options with { Rounds = value },
                "--concurrency" or "--senders" when value is >= 1 and <= 256 => options with { Concurrency = value },
                "--events" when value is >= 1 and <= 10_000_000 => options with { Events = value },
                "--flood-seconds" when value is >= 1 and <= 600 => options with { FloodSeconds = value },
                "--conversations" when value is >= 10 and <= 100_000 => options with { Conversations = value },
                "--minutes" when value is >= 1 and <= 600 => options with { Minutes = value },
                "--rate" when value is >= 1 and <= 1_000_000 => options with { Rate = value },
                "--loads" when value is >= 1 and <= 100_000 => options with { Loads = value },
                _ => throw new ArgumentException($"Unknown argument or value out of range: {arg} {value}."),
            };
            given.Add(arg);
        }

        return options with { Given = given };
    }
}
