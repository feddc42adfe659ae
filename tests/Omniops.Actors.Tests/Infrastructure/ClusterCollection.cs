namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>The tests that share one <see cref="ClusterFixture"/> (run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
