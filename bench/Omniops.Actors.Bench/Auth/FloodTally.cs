namespace Omniops.Actors.Bench.Auth;

/// <summary>What one flood connection got: answers by status code, failed exchanges by exception type.</summary>
internal sealed class FloodTally
{
    /// <summary>Status code (e.g. <c>401</c>) or exception type name → count.</summary>
    public Dictionary<string, long> Outcomes { get; } = [];

    public void Count(string outcome) => Outcomes[outcome] = Outcomes.GetValueOrDefault(outcome) + 1;
}
