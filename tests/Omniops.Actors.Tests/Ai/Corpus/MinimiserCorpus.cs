using System.Text.Json;
using Omniops.Actors.Grains.Ai.Minimisation;

namespace Omniops.Actors.Tests.Ai.Corpus;

/// <summary>Loads minimiser-corpus.jsonl (written by generate_corpus.py next to it) and scores a minimiser on it.</summary>
public static class MinimiserCorpus
{
    public const string FileName = "minimiser-corpus.jsonl";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<CorpusMessage> Load(string directory)
    {
        var messages = new List<CorpusMessage>();
        foreach (var line in File.ReadLines(Path.Combine(directory, FileName)))
        {
            var row = JsonSerializer.Deserialize<JsonElement>(line, Json);
            messages.Add(new CorpusMessage(
                row.GetProperty("id").GetInt32(),
                row.GetProperty("locale").GetString()!,
                row.GetProperty("text").GetString()!,
                [.. row.GetProperty("known").EnumerateArray().Select(k => new KnownEntity(Enum.Parse<EntityKind>(k.GetProperty("kind").GetString()!), k.GetProperty("value").GetString()!))],
                Labels(row.GetProperty("entities")),
                Labels(row.GetProperty("negatives"))));
        }

        return messages;
    }

    public static CorpusScore Score(Minimiser minimiser, IReadOnlyList<CorpusMessage> corpus)
    {
        var score = new CorpusScore();
        foreach (var message in corpus)
        {
            var spans = minimiser.Find(message.Text, message.Known);
            foreach (var entity in message.Entities)
            {
                var kind = score.Recall.TryGetValue(entity.Kind, out var existing) ? existing : score.Recall[entity.Kind] = new KindScore();
                var caught = Covered(message.Text, entity, spans);
                foreach (var tally in entity.Known ? [kind, score.Known] : new[] { kind })
                {
                    tally.Labelled++;
                    if (caught)
                    {
                        tally.Caught++;
                    }
                    else
                    {
                        tally.Leaks.Add(message.Id);
                    }
                }
            }

            foreach (var span in spans)
            {
                if (!message.Entities.Any(e => Overlaps(e, span)))
                {
                    score.FalsePositives[span.Kind.ToString()] = score.FalsePositives.GetValueOrDefault(span.Kind.ToString()) + 1;
                }
            }

            foreach (var negative in message.Negatives)
            {
                var (labelled, hit) = score.Negatives.GetValueOrDefault(negative.Kind);
                score.Negatives[negative.Kind] = (labelled + 1, hit + (spans.Any(s => Overlaps(negative, s)) ? 1 : 0));
            }
        }

        return score;
    }

    private static CorpusLabel[] Labels(JsonElement array) =>
        [.. array.EnumerateArray().Select(l => new CorpusLabel(l.GetProperty("kind").GetString()!, l.GetProperty("start").GetInt32(), l.GetProperty("length").GetInt32(),
            l.TryGetProperty("known", out var known) && known.GetBoolean()))];

    /// <summary>Whether every letter and digit of the labelled value lies inside some span (nothing of it survives).</summary>
    private static bool Covered(string text, CorpusLabel label, IReadOnlyList<MinimisedSpan> spans)
    {
        for (var i = label.Start; i < label.Start + label.Length; i++)
        {
            if (char.IsLetterOrDigit(text[i]) && !spans.Any(s => i >= s.Start && i < s.Start + s.Length))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Overlaps(CorpusLabel label, MinimisedSpan span) =>
        span.Start < label.Start + label.Length && label.Start < span.Start + span.Length;
}
