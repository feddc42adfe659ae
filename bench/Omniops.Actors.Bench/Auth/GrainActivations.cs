using Orleans.Runtime;

namespace Omniops.Actors.Bench.Auth;

/// <summary>The cluster's grain activations, from <c>IManagementGrain.GetSimpleGrainStatistics</c>: in total and per grain class.</summary>
public sealed record GrainActivations(int Total, IReadOnlyList<KeyValuePair<string, int>> ByClass)
{
    public static async Task<GrainActivations> CountAsync(IGrainFactory grains)
    {
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var byClass = statistics.GroupBy(s => ClassName(s.GrainType), s => s.ActivationCount)
            .Select(g => KeyValuePair.Create(g.Key, g.Sum())).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        return new GrainActivations(byClass.Sum(c => c.Value), byClass);
    }

    /// <summary>The activations of <paramref name="grainClass"/> (a class name such as <c>TenantGrain</c>).</summary>
    public int Of(string grainClass) => ByClass.FirstOrDefault(c => c.Key == grainClass).Value;

    /// <summary><c>Namespace.TenantGrain,Assembly</c> → <c>TenantGrain</c>.</summary>
    private static string ClassName(string grainType)
    {
        var name = grainType.Split(',')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
