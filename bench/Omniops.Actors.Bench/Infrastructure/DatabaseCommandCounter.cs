using System.Collections.Concurrent;
using System.Diagnostics;

namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// Counts the PostgreSQL round trips of this process through Npgsql's tracing (one <see cref="Activity"/> of the
/// <c>Npgsql</c> source per command or batch sent), by the statement's opening words, while it is not disposed. What
/// a benchmark reads: how many database round trips one operation costs.
/// </summary>
public sealed class DatabaseCommandCounter : IDisposable
{
    private const int StatementPrefix = 60;

    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, int> _byStatement = new(StringComparer.Ordinal);
    private int _total;

    public DatabaseCommandCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Commands (or batches) sent since the start or the last <see cref="Reset"/>.</summary>
    public int Total => Volatile.Read(ref _total);

    /// <summary>The commands since the last reset by statement opening, most frequent first.</summary>
    public IReadOnlyList<(string Statement, int Count)> ByStatement() =>
        [.. _byStatement.Select(p => (p.Key, p.Value)).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)];

    public void Reset()
    {
        _byStatement.Clear();
        Interlocked.Exchange(ref _total, 0);
    }

    public void Dispose() => _listener.Dispose();

    private void Stopped(Activity activity)
    {
        Interlocked.Increment(ref _total);
        var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) as string ?? activity.DisplayName;
        var opening = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        // The tenant scope every tenant-bound command starts with says nothing about what it does: what follows does.
        var scoped = opening.IndexOf("; ", StringComparison.Ordinal);
        opening = opening.StartsWith("SELECT set_config(", StringComparison.Ordinal) && scoped > 0 ? opening[(scoped + 2)..] : opening;
        _byStatement.AddOrUpdate(opening.Length > StatementPrefix ? opening[..StatementPrefix] : opening, 1, (_, n) => n + 1);
    }
}
