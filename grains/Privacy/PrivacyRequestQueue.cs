using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>The queue's order: open requests (received, in progress) first, by due date.</summary>
public static class PrivacyRequestQueue
{
    public static bool IsOpen(PrivacyRequestStatus status) => status is PrivacyRequestStatus.Received or PrivacyRequestStatus.InProgress;
}
