using Omniops.Actors.Grains.Ai.Minimisation;

namespace Omniops.Actors.Tests.Ai;

public sealed class MinimisationScopeTests
{
    private static readonly Minimiser Minimiser = new([new EmailDetector()]);

    [Fact]
    public void KnownValuesBecomeReferencesThatOnlyTheirScopeTurnsBack()
    {
        var scope = Minimiser.BeginScope([new KnownEntity(EntityKind.Customer, "Ada Lovelace"), new KnownEntity(EntityKind.Order, "#1042")]);

        var minimised = scope.Minimise("Hi, I'm ada lovelace (ada@example.org), where is order #1042? Ada Lovelace");

        Assert.Equal("Hi, I'm [CUSTOMER_1] ([EMAIL_1]), where is order [ORDER_1]? [CUSTOMER_1]", minimised);
        Assert.Equal("Dear ada lovelace, order #1042 ships today.", scope.Reidentify("Dear [CUSTOMER_1], order [ORDER_1] ships today."));
        Assert.True(scope.TryResolve("[ORDER_1]", out var order));
        Assert.Equal("#1042", order);
        Assert.Equal("[ORDER_1] [PHONE_9]", Minimiser.BeginScope([]).Reidentify("[ORDER_1] [PHONE_9]"));
    }
}
