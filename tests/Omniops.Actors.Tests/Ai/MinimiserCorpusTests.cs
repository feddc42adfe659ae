using Omniops.Actors.Grains.Ai.Minimisation;
using Omniops.Actors.Tests.Ai.Corpus;
using Xunit.Abstractions;

namespace Omniops.Actors.Tests.Ai;

public sealed class MinimiserCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void OnTheCorpusNoKnownValueCardOrEmailLeaksPhonesAndIbansReach99PercentAndFewHardNegativesAreFlagged()
    {
        var corpus = MinimiserCorpus.Load(Path.Combine(AppContext.BaseDirectory, "Ai", "Corpus"));
        var score = MinimiserCorpus.Score(new Minimiser(EntityDetectors.Create()), corpus);
        output.WriteLine($"{corpus.Count} messages");
        output.WriteLine(score.Describe());

        Assert.True(corpus.Count >= 300);
        Assert.Equal(1.0, score.Known.Recall);
        Assert.Equal(1.0, score.Recall["Card"].Recall);
        Assert.Equal(1.0, score.Recall["Email"].Recall);
        Assert.True(score.Recall["Phone"].Recall >= 0.99, $"phone recall {score.Recall["Phone"].Recall:P1}");
        Assert.True(score.Recall["Iban"].Recall >= 0.99, $"IBAN recall {score.Recall["Iban"].Recall:P1}");
        foreach (var removed in new[] { "Cvv", "Secret" })
        {
            Assert.Equal(1.0, score.Recall[removed].Recall);
        }

        Assert.True(score.HardNegativesHit <= HardNegativeCeiling, $"{score.HardNegativesHit} of {score.HardNegatives} hard negatives flagged");
        Assert.True(score.FalsePositives.Values.Sum() <= FalsePositiveCeiling, $"{score.FalsePositives.Values.Sum()} spans on no labelled value");
    }

    // The corpus is deterministic, so the ceilings are the measured figures: any new flag on a SKU, price, size, code,
    // date, 16-digit reference, bare number, product code or name-containing word is a regression to look at.
    private const int HardNegativeCeiling = 0;

    // Measured: 2, both the customer's own known city ("Springfield", "Austin") recurring in an unlabelled office
    // address — a known value masked where it occurs, as it should be, though the corpus labels it there as neither.
    private const int FalsePositiveCeiling = 2;
}
