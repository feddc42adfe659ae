using Microsoft.Extensions.Time.Testing;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Audit;

namespace Omniops.Actors.Tests.Audit;

/// <summary>The coalescing of read audits within one activation, on a fake clock.</summary>
public sealed class ReadAuditLedgerTests
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(15);

    private static readonly CallerContext Agent = new("tshop", "kagent", ActorKind.Agent, Roles.ScopesOf(Roles.Agent));

    private static readonly CallerContext Admin = new("tshop", "kadmin", ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));

    [Fact]
    public void AnActorsRepeatedReadsWithinThePeriodAreAuditedOnce()
    {
        var time = new FakeTimeProvider();
        var ledger = new ReadAuditLedger(Period, time);

        Assert.True(ledger.IsDue(Agent));
        ledger.Recorded(Agent);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(ledger.IsDue(Agent));
        time.Advance(Period - TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        Assert.False(ledger.IsDue(Agent));
        time.Advance(TimeSpan.FromTicks(1));
        Assert.True(ledger.IsDue(Agent));
    }

    [Fact]
    public void EachActorIsAuditedOnItsOwn()
    {
        var time = new FakeTimeProvider();
        var ledger = new ReadAuditLedger(Period, time);
        ledger.Recorded(Agent);

        Assert.True(ledger.IsDue(Admin));
        Assert.True(ledger.IsDue(Agent with { Kind = ActorKind.System }));
        Assert.False(ledger.IsDue(Agent));
    }

    [Fact]
    public void AReadThatWasNotRecordedIsStillDue()
    {
        // The grain records only after the audit append succeeded: a failed append leaves the next read due.
        var ledger = new ReadAuditLedger(Period, new FakeTimeProvider());

        Assert.True(ledger.IsDue(Agent));
        Assert.True(ledger.IsDue(Agent));
    }

    [Fact]
    public void EntriesOlderThanThePeriodArePruned()
    {
        var time = new FakeTimeProvider();
        var ledger = new ReadAuditLedger(Period, time);
        for (var i = 0; i < 100; i++)
        {
            ledger.Recorded(Agent with { ActorId = "k" + i });
        }

        time.Advance(Period - TimeSpan.FromMinutes(1));
        ledger.Recorded(Admin);
        Assert.Equal(101, ledger.Count);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(ledger.IsDue(Agent));
        Assert.Equal(1, ledger.Count);
        Assert.False(ledger.IsDue(Admin));
    }

    [Fact]
    public void AZeroPeriodAuditsEveryRead()
    {
        var ledger = new ReadAuditLedger(TimeSpan.Zero, new FakeTimeProvider());
        ledger.Recorded(Agent);

        Assert.True(ledger.IsDue(Agent));
        Assert.Equal(0, ledger.Count);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(15, true)]
    [InlineData(24 * 60, true)]
    [InlineData(24 * 60 + 1, false)]
    [InlineData(-1, false)]
    public void ThePeriodIsValidatedFromZeroToADay(int minutes, bool valid) =>
        Assert.Equal(valid, new AuditOptions { ReadAuditPeriod = TimeSpan.FromMinutes(minutes) }.IsValid());

    [Fact]
    public void TheDefaultPeriodIsFifteenMinutes() => Assert.Equal(TimeSpan.FromMinutes(15), new AuditOptions().ReadAuditPeriod);
}
