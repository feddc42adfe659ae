using System.Globalization;
using System.Text;

namespace Omniops.Actors.Tests.Ai.Corpus;

/// <summary>
/// The minimiser's figures on the corpus: recall per labelled kind (and for the known values as one group), false
/// positives per detected kind (spans overlapping no labelled value) and hard negatives hit per negative kind.
/// </summary>
public sealed class CorpusScore
{
    public SortedDictionary<string, KindScore> Recall { get; } = new(StringComparer.Ordinal);

    public KindScore Known { get; } = new();

    public SortedDictionary<string, int> FalsePositives { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, (int Labelled, int Hit)> Negatives { get; } = new(StringComparer.Ordinal);

    public int HardNegatives => Negatives.Values.Sum(n => n.Labelled);

    public int HardNegativesHit => Negatives.Values.Sum(n => n.Hit);

    public string Describe()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine("| kind | labelled | caught | recall | leaks (message ids) |").AppendLine("|---|---:|---:|---:|---|");
        foreach (var (kind, score) in Recall.Append(new("known values (all kinds)", Known)))
        {
            text.AppendLine(c, $"| {kind} | {score.Labelled} | {score.Caught} | {score.Recall * 100:0.0} % | {string.Join(' ', score.Leaks.Take(12))} |");
        }

        text.AppendLine().AppendLine("| detected kind | false positives (spans on no labelled value) |").AppendLine("|---|---:|");
        foreach (var (kind, count) in FalsePositives)
        {
            text.AppendLine(c, $"| {kind} | {count} |");
        }

        text.AppendLine().AppendLine("| hard negative | labelled | flagged |").AppendLine("|---|---:|---:|");
        foreach (var (kind, (labelled, hit)) in Negatives)
        {
            text.AppendLine(c, $"| {kind} | {labelled} | {hit} |");
        }

        return text.AppendLine(c, $"| all hard negatives | {HardNegatives} | {HardNegativesHit} |").ToString();
    }
}
