namespace Omniops.Actors.Tests.Ai;

/// <summary>The tests sharing one <see cref="AiDeployment"/> (run one after another: some set what the fake model answers).</summary>
[CollectionDefinition(Name)]
public sealed class AiCollection : ICollectionFixture<AiDeployment>
{
    public const string Name = "ai-deployment";
}
