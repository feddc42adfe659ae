namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>Finds values of one or more kinds by their shape (pattern, checksum, number plan) in a text.</summary>
public interface IEntityDetector
{
    /// <summary>Adds every value found in <paramref name="text"/> to <paramref name="found"/>; overlaps are resolved by the caller.</summary>
    void Detect(string text, List<MinimisedSpan> found);
}
