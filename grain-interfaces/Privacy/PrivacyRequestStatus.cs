namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>Where a privacy request stands: received → in progress → completed | rejected (or cancelled before it started).</summary>
[GenerateSerializer, Alias("omniops.privacy-request-status")]
public enum PrivacyRequestStatus
{
    Received = 0,
    InProgress = 1,
    Completed = 2,
    Rejected = 3,
    Cancelled = 4,
}
