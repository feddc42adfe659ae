using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// A privacy request's durable state. <see cref="CustomerRefs"/> and <see cref="OrderIds"/> are what is still to be
/// done (an erased subject leaves the list, so a completed erasure holds no ref of it); <see cref="SubjectDigests"/>
/// (SHA-256 of the tenant and ref) let the subject's own privacy link find the request afterwards.
/// </summary>
[GenerateSerializer, Alias("omniops.privacy-request-state")]
public sealed class PrivacyRequestState
{
    [Id(0)] public bool Exists { get; set; }
    [Id(1)] public PrivacyRequestKind Kind { get; set; }
    [Id(2)] public PrivacyRequestStatus Status { get; set; }
    [Id(3)] public PrivacyRequestSource Source { get; set; }
    [Id(4)] public DateTimeOffset ReceivedAt { get; set; }
    [Id(5)] public DateTimeOffset DueAt { get; set; }
    [Id(6)] public DateTimeOffset? NotBefore { get; set; }
    [Id(7)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(8)] public List<string> CustomerRefs { get; set; } = [];
    [Id(9)] public List<string> OrderIds { get; set; } = [];

    /// <summary>A rectification's corrected details, sealed under the tenant key; dropped when it completes.</summary>
    [Id(10)] public EncryptedField? Changes { get; set; }

    [Id(11)] public string? Reason { get; set; }
    [Id(12)] public ErasureTally Tally { get; set; } = new();
    [Id(13)] public SignedReceipt? Receipt { get; set; }
    [Id(14)] public int Subjects { get; set; }
    [Id(15)] public List<string> SubjectDigests { get; set; } = [];

    /// <summary>An access request's customer records, kept for its export (a subject's later erasure makes the export empty).</summary>
    [Id(16)] public List<string> AccessRefs { get; set; } = [];

    /// <summary>A tenant erasure's next step (<see cref="TenantOffboarding.Steps"/>): each is done, then this moves on, so a resumed run skips what is done.</summary>
    [Id(17)] public int OffboardingStep { get; set; }

    /// <summary>A retention erasure: each record is erased only if it still holds nothing (<see cref="PrivacyRequestStart.OnlyIfEmpty"/>).</summary>
    [Id(18)] public bool OnlyIfEmpty { get; set; }

    /// <summary>A tenant erasure's data steps done so far (bit <c>1 &lt;&lt; step</c>): they run at once, so one number cannot say which are done.</summary>
    [Id(19)] public int OffboardingDone { get; set; }
}
