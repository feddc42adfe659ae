using Omniops.Actors.Fuzz;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// What the SharpFuzz harness found (scripts/fuzz.sh, bench/Omniops.Actors.Fuzz), replayed through the same targets
/// (<see cref="PlatformTargets"/>): the parse and content checks each webhook adapter applies to a signed body. A
/// target either accepts an input or rejects it with one of the documented 400 rejections; any other exception is a
/// crash (the gateway would answer 500). The corpus is AFL's queue reduced with afl-cmin: one input per coverage
/// path the fuzzer found, in bench/Omniops.Actors.Fuzz/corpus/&lt;target&gt;.
/// </summary>
public sealed class FuzzFindingsTests
{
    public static TheoryData<string> Targets => ["generic", "whatsapp", "shopify"];

    [Theory]
    [MemberData(nameof(Targets))]
    public void EveryInputOfTheFuzzCorpusIsAcceptedOrRejectedAsDocumentedAndNoneCrashesTheParser(string target)
    {
        var files = Directory.GetFiles(Repository.Path("bench", "Omniops.Actors.Fuzz", "corpus", target)).Order(StringComparer.Ordinal).ToList();
        var outcomes = new List<bool>();
        var crashes = new List<string>();
        foreach (var file in files)
        {
            try
            {
                outcomes.Add(PlatformTargets.All[target](File.ReadAllBytes(file)));
            }
            catch (Exception exception)
            {
                crashes.Add($"{Path.GetFileName(file)}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        Assert.Empty(crashes);
        // The corpus reaches both ends of the parser: inputs it would deliver and inputs it refuses.
        Assert.True(files.Count >= 10, $"{files.Count} corpus inputs");
        Assert.Contains(true, outcomes);
        Assert.Contains(false, outcomes);
    }
}
