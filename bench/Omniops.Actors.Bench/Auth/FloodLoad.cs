using System.Diagnostics;

namespace Omniops.Actors.Bench.Auth;

/// <summary>
/// A flood: <c>connections</c> tasks per client, each sending requests back to back (one in flight each) as fast as
/// the gateway answers, until the deadline; an exchange still open at the deadline is cancelled and not counted.
/// Every answer is read to the end and counted by status code.
/// </summary>
public sealed class FloodLoad(IReadOnlyList<HttpClient> clients, int connectionsPerClient, Func<Random, int, HttpRequestMessage> request)
{
    /// <summary>Floods until <paramref name="duration"/> has passed (or <paramref name="stop"/> is cancelled).</summary>
    public async Task<FloodResult> RunAsync(TimeSpan duration, CancellationToken stop = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(duration);
        var started = Stopwatch.GetTimestamp();
        var tasks = clients.SelectMany((client, c) => Enumerable.Range(0, connectionsPerClient)
                .Select(i => Task.Run(() => LoopAsync(client, new Random((c * 1000) + i), deadline.Token))))
            .ToArray();
        var tallies = await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var outcomes = tallies.SelectMany(t => t.Outcomes).GroupBy(o => o.Key, o => o.Value)
            .Select(g => KeyValuePair.Create(g.Key, g.Sum())).OrderByDescending(o => o.Value).ToList();
        return new FloodResult(outcomes, elapsed);
    }

    private async Task<FloodTally> LoopAsync(HttpClient client, Random random, CancellationToken deadline)
    {
        var tally = new FloodTally();
        for (var n = 0; !deadline.IsCancellationRequested; n++)
        {
            using var message = request(random, n);
            try
            {
                using var response = await client.SendAsync(message, deadline);
                await response.Content.CopyToAsync(Stream.Null, deadline);
                tally.Count(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or IOException)
            {
                tally.Count(exception.GetType().Name);
            }
        }

        return tally;
    }
}
