using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Omniops.Actors.Bench.Infrastructure;

namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// Closed-loop webhook load over one <see cref="HttpClient"/>: <c>senders</c> tasks each post signed generic webhooks
/// back to back (one in flight each, unique message ids <c>{run}-s{sender}-{n}</c>, a random conversation of
/// <see cref="WebhookMessages.Conversations"/>) through a warm-up, then the measured window. Only 2xx answers that
/// complete inside the window count as deliveries; any other answer or a failed exchange is an error, counted by kind.
/// Latency is the HTTP exchange (request sent → answer read), not the sender's own signing.
/// </summary>
public sealed class WebhookLoad(HttpClient client, int senders)
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    /// <summary>One signed webhook, for a check before the load: (status, body excerpt) or the exception's message.</summary>
    public async Task<(bool Success, string Outcome)> ProbeAsync(WebhookTarget target, string messageId)
    {
        try
        {
            using var request = CreateRequest(target, messageId, 0);
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return (response.IsSuccessStatusCode, $"{(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return (false, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    public async Task<WebhookLoadResult> RunAsync(WebhookTarget target, string run, TimeSpan warmUp, TimeSpan window)
    {
        var probe = new CpuProbe();
        var started = Stopwatch.GetTimestamp();
        var start = started + Ticks(warmUp);
        var end = start + Ticks(window);
        var tasks = Enumerable.Range(0, senders)
            .Select(i => Task.Run(() => SendLoopAsync(target, $"{run}-s{i.ToString(CultureInfo.InvariantCulture)}", new Random(i), start, end)))
            .ToArray();
        var finished = await Task.WhenAll(tasks);
        var busy = probe.MachineMicroseconds / (Stopwatch.GetElapsedTime(started).TotalMicroseconds * Environment.ProcessorCount) * 100;

        var latencies = finished.SelectMany(s => s.Latencies).Order().ToArray();
        var kinds = finished.SelectMany(s => s.ErrorKinds).GroupBy(k => k.Key, k => k.Value)
            .OrderByDescending(g => g.Sum()).Select(g => $"{g.Key} ×{Format.Count(g.Sum())}");
        return new WebhookLoadResult(latencies.Length, finished.Sum(s => s.Errors), window,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length == 0 ? double.NaN : Milliseconds(latencies[^1]),
            string.Join(", ", kinds), finished.Select(s => s.FirstError).FirstOrDefault(e => e is not null), busy, probe.OtherLoadPercent());
    }

    private async Task<WebhookSender> SendLoopAsync(WebhookTarget target, string prefix, Random random, long windowStart, long windowEnd)
    {
        var sender = new WebhookSender(capacity: 8192);
        long n = 0;
        while (Stopwatch.GetTimestamp() < windowEnd)
        {
            var messageId = prefix + "-" + (++n).ToString(CultureInfo.InvariantCulture);
            var conversation = random.Next(WebhookMessages.Conversations);
            using var request = CreateRequest(target, messageId, conversation);
            string? error;
            var began = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                error = response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode}";
                if (error is not null)
                {
                    sender.FirstError ??= $"{(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}";
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                error = exception.GetType().Name;
                sender.FirstError ??= $"{error}: {exception.Message}";
            }

            var ended = Stopwatch.GetTimestamp();
            if (ended < windowStart || ended >= windowEnd)
            {
                continue;
            }

            if (error is null)
            {
                sender.Latencies.Add(ended - began);
            }
            else
            {
                sender.Errors++;
                sender.ErrorKinds[error] = sender.ErrorKinds.GetValueOrDefault(error) + 1;
            }
        }

        return sender;
    }

    private static HttpRequestMessage CreateRequest(WebhookTarget target, string messageId, int conversation)
    {
        var body = WebhookMessages.Body(messageId, conversation);
        var timestamp = WebhookMessages.Timestamp();
        var request = new HttpRequestMessage(HttpMethod.Post, target.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonType;
        request.Headers.Add(WebhookMessages.TimestampHeader, timestamp);
        request.Headers.Add(WebhookMessages.SignatureHeader, WebhookMessages.Signature(target.Secret, timestamp, body));
        return request;
    }

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300] + "…";

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : Milliseconds(sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))]);
}
