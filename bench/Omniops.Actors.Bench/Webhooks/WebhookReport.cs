using System.Globalization;
using System.Text;
using Omniops.Actors.Bench.Infrastructure;

namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// The webhooks table: every run in the order it ran, then the median of each system's runs; the Omniops ratio is
/// against the baseline run of the same round (rows) and of the medians (summary row and verdict).
/// </summary>
public sealed class WebhookReport(double targetRatio, double targetP99Milliseconds)
{
    private const string Baseline = "baseline";
    private readonly List<(string System, int Round, WebhookLoadResult Result)> _runs = [];

    public double WorstOtherLoad => _runs.Count == 0 ? double.NaN : _runs.Max(r => r.Result.OtherLoadPercent);

    public void Add(string system, int round, WebhookLoadResult result) => _runs.Add((system, round, result));

    public string Table()
    {
        var table = new MarkdownTable("system", "msg/s", "p50 ms", "p99 ms", "max ms", "errors", "ratio vs baseline", "machine CPU busy", "other load");
        foreach (var (system, round, result) in _runs)
        {
            var paired = _runs.FirstOrDefault(r => r.System == Baseline && r.Round == round).Result;
            var ratio = system == Baseline || paired is null ? "–" : Format.Ratio(result.PerSecond / paired.PerSecond) + " (same round)";
            table.Add($"{system}, run {round}", Format.Rate(result.PerSecond), Format.Milliseconds(result.P50Milliseconds),
                Format.Milliseconds(result.P99Milliseconds), Format.Milliseconds(result.MaxMilliseconds), Format.Count(result.Errors), ratio,
                Format.Load(result.MachineBusyPercent), Format.Load(result.OtherLoadPercent));
        }

        var baselineRate = MedianRate(Baseline);
        foreach (var system in _runs.Select(r => r.System).Distinct())
        {
            var runs = Runs(system);
            table.Add($"{system}, median of {runs.Count}", Format.Rate(MedianRate(system)), Format.Milliseconds(Format.Median(runs.Select(r => r.P50Milliseconds))),
                Format.Milliseconds(Format.Median(runs.Select(r => r.P99Milliseconds))), Format.Milliseconds(runs.Max(r => r.MaxMilliseconds)),
                Format.Count(runs.Sum(r => r.Errors)), system == Baseline ? "1.00×" : Format.Ratio(MedianRate(system) / baselineRate) + " (medians)", "–", "–");
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
        var omniops = _runs.Where(r => r.System != Baseline).Select(r => r.Result).ToList();
        if (omniopsProblem is not null || omniops.Count == 0)
        {
            text.AppendLine($"**omniops: NOT MEASURED** — {omniopsProblem ?? "no run"}. No ratio; target ≥ {Format.Ratio(targetRatio)} with p99 ≤ {targetP99Milliseconds:0} ms not evaluated.");
        }
        else
        {
            var system = _runs.First(r => r.System != Baseline).System;
            var ratio = MedianRate(system) / MedianRate(Baseline);
            var p99 = Format.Median(omniops.Select(r => r.P99Milliseconds));
            var met = ratio >= targetRatio && p99 <= targetP99Milliseconds && omniops.All(r => r.Errors == 0);
            text.AppendLine($"Target ≥ {Format.Ratio(targetRatio)} the baseline's msg/s with p99 ≤ {targetP99Milliseconds:0} ms and no errors: " +
                $"{Format.Ratio(ratio)} (median of {omniops.Count} {system} runs / median of {Runs(Baseline).Count} baseline runs), " +
                $"p99 {Format.Milliseconds(p99)} ms (median) — **{(met ? "met" : "MISSED")}**.");
        }

        foreach (var (system, round, result) in _runs.Where(r => r.Result.Errors > 0 || r.Result.FirstError is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {system}, run {round}: errors in the window {(result.ErrorKinds.Length == 0 ? "none" : result.ErrorKinds)}; first error of the run (warm-up included): {result.FirstError}");
        }

        return text.ToString();
    }

    private List<WebhookLoadResult> Runs(string system) => _runs.Where(r => r.System == system).Select(r => r.Result).ToList();

    private double MedianRate(string system) => Format.Median(Runs(system).Select(r => r.PerSecond));
}
