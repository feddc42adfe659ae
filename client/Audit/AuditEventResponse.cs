using System.Text.Json;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Audit;

/// <summary>One audit event as the API shows it; hashes in lower-case hex.</summary>
public sealed record AuditEventResponse(
    long Sequence,
    DateTimeOffset OccurredAt,
    ActorKind ActorKind,
    string ActorId,
    string Operation,
    string Outcome,
    string? Resource,
    JsonElement Details,
    string PreviousHash,
    string Hash)
{
    public static AuditEventResponse From(AuditEvent e)
    {
        using var details = JsonDocument.Parse(e.Details);
        return new(e.Sequence, e.OccurredAt, e.ActorKind, e.ActorId, e.Operation, e.Outcome, e.Resource,
            details.RootElement.Clone(), Convert.ToHexStringLower(e.PreviousHash), Convert.ToHexStringLower(e.Hash));
    }
}
