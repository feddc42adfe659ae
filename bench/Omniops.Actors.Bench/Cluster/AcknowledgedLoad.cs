using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Omniops.Actors.Bench.Webhooks;

namespace Omniops.Actors.Bench.Cluster;

/// <summary>
/// Signed generic webhooks through a cluster's gateway from <c>senders</c> concurrent senders (sender i posts to tenant
/// i mod the number of tenants), each retrying its message on any non-202 answer or failed exchange until it is
/// acknowledged, then sending the next (unique ids <c>{run}-s{sender}-{n}</c>), as the fault tests' load does; so every
/// acknowledged message must be stored exactly once. With a <c>rate</c> the senders share a schedule of that many
/// messages per second (a message waits for its slot); without, they run closed-loop. Every acknowledgement is kept
/// with its time and the latency of the exchange that got it; every answer is counted by status.
/// </summary>
public sealed class AcknowledgedLoad(HttpClient http, IReadOnlyList<WebhookTarget> targets, int senders, double rate = 0)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<Acknowledgement> _acknowledgements = new();
    private readonly ConcurrentDictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _acknowledgedByTenant = new(StringComparer.Ordinal);
    private long _tickets;
    private long _unfinished;

    /// <summary>Seconds since the load was created, on the monotonic clock.</summary>
    public double Now => Stopwatch.GetElapsedTime(_started).TotalSeconds;

    /// <summary>Every answer by status (<c>202</c>, <c>503</c>…, <c>connection</c>, <c>timeout</c>).</summary>
    public IReadOnlyDictionary<string, long> Statuses => _statuses;

    /// <summary>Acknowledged messages per tenant id.</summary>
    public IReadOnlyDictionary<string, long> AcknowledgedByTenant => _acknowledgedByTenant;

    public long Acknowledged => _acknowledgedByTenant.Values.Sum();

    /// <summary>Messages begun but never acknowledged before the senders had to give up.</summary>
    public long Unfinished => Interlocked.Read(ref _unfinished);

    /// <summary>Answers other than 202.</summary>
    public long Errors => _statuses.Where(s => s.Key != "202").Sum(s => s.Value);

    /// <summary>Every acknowledgement so far, in time order.</summary>
    public Acknowledgement[] Acknowledgements() => [.. _acknowledgements.OrderBy(a => a.At)];

    /// <summary>Sends until <paramref name="stop"/>; a message begun before it is retried until acknowledged or <paramref name="giveUpAfter"/> has passed since the start.</summary>
    public Task RunAsync(string run, CancellationToken stop, TimeSpan giveUpAfter) =>
        Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(() => SendAsync($"{run}-s{sender.ToString(CultureInfo.InvariantCulture)}", targets[sender % targets.Count], new Random(sender), stop, giveUpAfter.TotalSeconds))));

    /// <summary>Count, rate and latency percentiles of the acknowledgements that arrived in [<paramref name="from"/>, <paramref name="to"/>) seconds.</summary>
    public static (long Count, double PerSecond, double P50, double P99) Window(Acknowledgement[] acknowledgements, double from, double to)
    {
        var latencies = acknowledgements.Where(a => a.At >= from && a.At < to).Select(a => a.LatencyMilliseconds).Order().ToArray();
        return (latencies.Length, latencies.Length / (to - from), Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    public static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];

    private async Task SendAsync(string prefix, WebhookTarget target, Random random, CancellationToken stop, double giveUp)
    {
        for (long n = 1; !stop.IsCancellationRequested; n++)
        {
            if (rate > 0)
            {
                var due = Interlocked.Increment(ref _tickets) / rate;
                var wait = due - Now;
                if (wait > 0)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(wait), stop);
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            }

            var messageId = prefix + "-" + n.ToString(CultureInfo.InvariantCulture);
            var conversation = random.Next(WebhookMessages.Conversations);
            while (true)
            {
                if (Now > giveUp)
                {
                    Interlocked.Increment(ref _unfinished);
                    return;
                }

                string status;
                var began = Stopwatch.GetTimestamp();
                try
                {
                    using var request = CreateRequest(target, messageId, conversation);
                    using var response = await http.SendAsync(request, CancellationToken.None);
                    status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        _acknowledgements.Enqueue(new Acknowledgement(Now, Stopwatch.GetElapsedTime(began).TotalMilliseconds));
                        _acknowledgedByTenant.AddOrUpdate(target.TenantId, 1, (_, c) => c + 1);
                        _statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    status = "connection";
                }
                catch (TaskCanceledException)
                {
                    status = "timeout";
                }

                _statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                await Task.Delay(RetryDelay, CancellationToken.None);
            }
        }
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
}
