using System.Diagnostics;
using System.Globalization;

namespace Omniops.Actors.Bench.Auth;

/// <summary>
/// The tenant's own traffic: <c>callers</c> closed-loop tasks on one client, each reading <c>GET /v1/tenant</c> with
/// the tenant's admin key back to back (one in flight each) through a warm-up, then the measured window. Only 200
/// answers completed inside the window count; latency is the exchange (request sent → body read).
/// </summary>
public sealed class LegitimateLoad(HttpClient client, Uri gateway, string adminKey, int callers)
{
    /// <summary>One read, for the check before the load: (200?, status and body excerpt or the exception's message).</summary>
    public async Task<(bool Success, string Outcome)> ProbeAsync()
    {
        try
        {
            using var request = FloodRequests.TenantRead(gateway, adminKey);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return (response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.ReasonPhrase}: {(body.Length <= 200 ? body : body[..200] + "…")}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return (false, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    public async Task<LegitimateResult> RunAsync(TimeSpan warmUp, TimeSpan window)
    {
        var start = Stopwatch.GetTimestamp() + Ticks(warmUp);
        var end = start + Ticks(window);
        using var cancel = new CancellationTokenSource(warmUp + window + TimeSpan.FromSeconds(10));
        var callerTasks = Enumerable.Range(0, callers).Select(_ => Task.Run(() => LoopAsync(start, end, cancel.Token))).ToArray();
        var finished = await Task.WhenAll(callerTasks);
        var latencies = finished.SelectMany(f => f.Latencies).Order().ToArray();
        var kinds = finished.SelectMany(f => f.Errors.Outcomes).GroupBy(k => k.Key, k => k.Value)
            .OrderByDescending(g => g.Sum()).Select(g => $"{g.Key} ×{g.Sum().ToString("N0", CultureInfo.InvariantCulture)}");
        return new LegitimateResult(latencies.Length, finished.Sum(f => f.Errors.Outcomes.Values.Sum()), window,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length == 0 ? double.NaN : Milliseconds(latencies[^1]),
            string.Join(", ", kinds), finished.Select(f => f.FirstError).FirstOrDefault(e => e is not null));
    }

    private async Task<(List<long> Latencies, FloodTally Errors, string? FirstError)> LoopAsync(long windowStart, long windowEnd, CancellationToken cancel)
    {
        var latencies = new List<long>(16_384);
        var errors = new FloodTally();
        string? firstError = null;
        while (Stopwatch.GetTimestamp() < windowEnd && !cancel.IsCancellationRequested)
        {
            using var request = FloodRequests.TenantRead(gateway, adminKey);
            string? error;
            var began = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(request, cancel);
                var body = await response.Content.ReadAsStringAsync(cancel);
                error = response.IsSuccessStatusCode ? null : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                if (error is not null)
                {
                    firstError ??= $"{(int)response.StatusCode} {response.ReasonPhrase}: {(body.Length <= 200 ? body : body[..200] + "…")}";
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
            {
                error = exception.GetType().Name;
                firstError ??= $"{error}: {exception.Message}";
            }

            var ended = Stopwatch.GetTimestamp();
            if (ended < windowStart || ended >= windowEnd)
            {
                continue;
            }

            if (error is null)
            {
                latencies.Add(ended - began);
            }
            else
            {
                errors.Count(error);
            }
        }

        return (latencies, errors, firstError);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : Milliseconds(sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))]);
}
