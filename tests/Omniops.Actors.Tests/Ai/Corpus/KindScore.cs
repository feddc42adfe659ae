namespace Omniops.Actors.Tests.Ai.Corpus;

/// <summary>One label kind's figures: how many labelled, how many fully covered, which message ids leaked.</summary>
public sealed class KindScore
{
    public int Labelled { get; set; }

    public int Caught { get; set; }

    public List<int> Leaks { get; } = [];

    public double Recall => Labelled == 0 ? 1 : (double)Caught / Labelled;
}
