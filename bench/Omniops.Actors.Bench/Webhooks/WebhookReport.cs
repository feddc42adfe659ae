using System.Globalization;
using System.Text;
using Omniops.Actors.Bench.Infrastructure;

namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// The webhooks table: every run in the order it ran, then the median of each system's runs; Omniops's ratio is
/// against each baseline, one column per baseline: against its run of the same round (rows) and of the medians
/// (summary rows and verdict, where the target is evaluated against each baseline in turn).
/// </summary>
/// <param name="baselines">The baselines' system names, in column order, each with how the verdict calls it (e.g. "single-statement").</param>
public sealed class WebhookReport(double targetRatio, double targetP99Milliseconds, IReadOnlyList<(string System, string Description)> baselines)
{
    private readonly List<(string System, int Round, WebhookLoadResult Result)> _runs = [];

    public double WorstOtherLoad => _runs.Count == 0 ? double.NaN : _runs.Max(r => r.Result.OtherLoadPercent);

    public void Add(string system, int round, WebhookLoadResult result) => _runs.Add((system, round, result));

    public string Table()
    {
        string[] headers = ["system", "msg/s", "p50 ms", "p99 ms", "max ms", "errors", .. baselines.Select(b => "ratio vs " + b.System), "machine CPU busy", "other load"];
        var table = new MarkdownTable(headers);
        foreach (var (system, round, result) in _runs)
        {
            var ratios = baselines.Select(b => _runs.FirstOrDefault(r => r.System == b.System && r.Round == round).Result is { } paired && !IsBaseline(system)
                ? Format.Ratio(result.PerSecond / paired.PerSecond) + " (same round)"
                : "–");
            table.Add([$"{system}, run {round}", Format.Rate(result.PerSecond), Format.Milliseconds(result.P50Milliseconds),
                Format.Milliseconds(result.P99Milliseconds), Format.Milliseconds(result.MaxMilliseconds), Format.Count(result.Errors), .. ratios,
                Format.Load(result.MachineBusyPercent), Format.Load(result.OtherLoadPercent)]);
        }

        foreach (var system in _runs.Select(r => r.System).Distinct())
        {
            var runs = Runs(system);
            var ratios = baselines.Select(b => b.System == system ? "1.00×" : IsBaseline(system) ? "–" : Format.Ratio(MedianRate(system) / MedianRate(b.System)) + " (medians)");
            table.Add([$"{system}, median of {runs.Count}", Format.Rate(MedianRate(system)), Format.Milliseconds(Format.Median(runs.Select(r => r.P50Milliseconds))),
                Format.Milliseconds(Format.Median(runs.Select(r => r.P99Milliseconds))), Format.Milliseconds(runs.Max(r => r.MaxMilliseconds)),
                Format.Count(runs.Sum(r => r.Errors)), .. ratios, "–", "–"]);
        }

        return table.ToString();
    }

    /// <param name="omniopsProblem">Why Omniops was not measured, or null.</param>
    public string Verdict(string? omniopsProblem)
    {
        var text = new StringBuilder();
        text.AppendLine("msg/s: 2xx acknowledgements completed inside the measured window; p50/p99/max: the HTTP exchange of one webhook (2xx only); " +
            "errors: any other answer or failed exchange inside the window; machine CPU busy: all cores, every process (load generator, servers, " +
            "PostgreSQL), warm-up included; other load: processes outside the benchmark.");
        var omniops = _runs.Where(r => !IsBaseline(r.System)).Select(r => r.Result).ToList();
        if (omniopsProblem is not null || omniops.Count == 0)
        {
            text.AppendLine($"**omniops: NOT MEASURED** — {omniopsProblem ?? "no run"}. No ratio; target ≥ {Format.Ratio(targetRatio)} with p99 ≤ {targetP99Milliseconds:0} ms " +
                "not evaluated against any baseline.");
        }
        else
        {
            var system = _runs.First(r => !IsBaseline(r.System)).System;
            var p99 = Format.Median(omniops.Select(r => r.P99Milliseconds));
            var errors = omniops.Sum(r => r.Errors);
            var latencyMet = p99 <= targetP99Milliseconds && errors == 0;
            var against = baselines.Select(b =>
            {
                var ratio = MedianRate(system) / MedianRate(b.System);
                return $"against the {b.Description} baseline ({b.System}, median of {Runs(b.System).Count} runs): {Format.Ratio(ratio)} — " +
                    $"**{(latencyMet && ratio >= targetRatio ? "met" : "MISSED")}**";
            });
            text.AppendLine($"Target ≥ {Format.Ratio(targetRatio)} a baseline's msg/s with p99 ≤ {targetP99Milliseconds:0} ms and no errors; " +
                $"{system}: median of {omniops.Count} runs, p99 {Format.Milliseconds(p99)} ms (median), {Format.Count(errors)} errors — {string.Join("; ", against)}.");
        }

        var reference = baselines[0];
        foreach (var other in baselines.Skip(1))
        {
            text.AppendLine($"The {other.Description} baseline ran at {Format.Ratio(MedianRate(other.System) / MedianRate(reference.System))} " +
                $"the msg/s of the {reference.Description} baseline (medians).");
        }

        foreach (var (system, round, result) in _runs.Where(r => r.Result.Errors > 0 || r.Result.FirstError is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {system}, run {round}: errors in the window {(result.ErrorKinds.Length == 0 ? "none" : result.ErrorKinds)}; first error of the run (warm-up included): {result.FirstError}");
        }

        return text.ToString();
    }

    private bool IsBaseline(string system) => baselines.Any(b => b.System == system);

    private List<WebhookLoadResult> Runs(string system) => _runs.Where(r => r.System == system).Select(r => r.Result).ToList();

    private double MedianRate(string system) => Format.Median(Runs(system).Select(r => r.PerSecond));
}
