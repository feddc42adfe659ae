using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Client.Tenants;

/// <summary>What a tenant's retention sweep removed (counts per data class) and what it kept for a legal hold.</summary>
public sealed record RetentionSweepResponse(
    DateTimeOffset SweptAt, int Conversations, long Messages, int Orders, int Customers, int Tombstones, long AuditEvents, int HeldForLegalHold)
{
    public static RetentionSweepResponse From(RetentionSweepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(result.SweptAt, result.Conversations, result.Messages, result.Orders, result.Customers, result.Tombstones, result.AuditEvents, result.Held);
    }
}
