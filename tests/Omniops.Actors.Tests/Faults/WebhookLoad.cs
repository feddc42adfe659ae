using System.Collections.Concurrent;
using System.Net;
using Omniops.Actors.Tests.Channels;

namespace Omniops.Actors.Tests.Faults;

/// <summary>
/// Concurrent senders delivering signed generic webhooks through the gateway, each retrying its message on any non-2xx
/// answer (or a failed connection) until it is acknowledged (202), then sending the next; every answer is counted.
/// </summary>
public sealed class WebhookLoad(HttpClient http, string tenantId, string secret, int senders)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentQueue<DateTimeOffset> _acknowledgements = new();
    private readonly ConcurrentDictionary<string, int> _statuses = new();
    private readonly ConcurrentBag<string> _acknowledged = [];
    private readonly ConcurrentBag<string> _unfinished = [];
    private int _withoutRetryAfter;

    /// <summary>Every answer: <c>"202"</c>, <c>"503"</c>…, <c>"connection"</c> for a failed connection, <c>"timeout"</c> for none in time.</summary>
    public IReadOnlyDictionary<string, int> Statuses => _statuses;

    public IReadOnlyCollection<string> Acknowledged => _acknowledged;

    /// <summary>Messages still not acknowledged when the senders had to give up.</summary>
    public IReadOnlyCollection<string> Unfinished => _unfinished;

    /// <summary>503 answers that carried no <c>Retry-After</c>.</summary>
    public int WithoutRetryAfter => _withoutRetryAfter;

    public IReadOnlyList<DateTimeOffset> AcknowledgedAt => [.. _acknowledgements.Order()];

    /// <summary>Sends until <paramref name="stop"/>; a message begun before it is retried until acknowledged or <paramref name="giveUp"/>.</summary>
    public Task RunAsync(CancellationToken stop, DateTimeOffset giveUp) =>
        Task.WhenAll(Enumerable.Range(0, senders).Select(sender => Task.Run(() => SendAsync(sender, stop, giveUp))));

    /// <summary>The wall clock of this machine may jump; acknowledgements are timed on the monotonic clock, from the load's start.</summary>
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    /// <summary>Now, on the monotonic clock (the wall-clock time at the start plus the elapsed time since).</summary>
    public DateTimeOffset Now() => _startedAt + System.Diagnostics.Stopwatch.GetElapsedTime(_started);

    /// <summary>The longest time between two consecutive acknowledgements from <paramref name="from"/> on.</summary>
    public TimeSpan LongestGap(DateTimeOffset from)
    {
        var times = AcknowledgedAt.Where(t => t >= from).Prepend(from).ToArray();
        return times.Zip(times.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    private async Task SendAsync(int sender, CancellationToken stop, DateTimeOffset giveUp)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var id = $"fault-{sender}-{n}";
            var body = Webhooks.GenericBody(id, $"customer-{sender}", $"message {n} of sender {sender}");
            while (true)
            {
                if (DateTimeOffset.UtcNow > giveUp)
                {
                    _unfinished.Add(id);
                    return;
                }

                string status;
                try
                {
                    using var response = await Webhooks.PostGenericAsync(http, tenantId, secret, body);
                    status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is null)
                    {
                        Interlocked.Increment(ref _withoutRetryAfter);
                    }

                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        _acknowledgements.Enqueue(Now());
                        _acknowledged.Add(id);
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
}
