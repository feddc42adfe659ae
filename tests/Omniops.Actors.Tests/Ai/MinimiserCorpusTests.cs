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
    }

    private const int HardNegativeCeiling = 0;
}
