namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// Replaces personal values with references valid for one AI request and removes secrets outright. Thread-safe and
/// stateless: what a request's references mean lives only in the <see cref="MinimisationScope"/> it begins, in memory.
/// </summary>
public sealed class Minimiser(IEnumerable<IEntityDetector> detectors)
{
    private readonly IEntityDetector[] _detectors = [.. detectors];

    /// <summary>Begins one request's scope with the values the grains know belong to its conversation.</summary>
    public MinimisationScope BeginScope(IEnumerable<KnownEntity> known) => new(_detectors, known);

    /// <summary>Every span the detectors and <paramref name="known"/> values find in <paramref name="text"/>, without overlaps, in order.</summary>
    public IReadOnlyList<MinimisedSpan> Find(string text, IEnumerable<KnownEntity> known) =>
        new MinimisationScope(_detectors, known).Find(text);
}
