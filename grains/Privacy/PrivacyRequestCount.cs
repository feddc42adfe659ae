using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>How many privacy requests of every tenant are in <paramref name="Status"/>, and how many of them are overdue (open past their due date).</summary>
public sealed record PrivacyRequestCount(PrivacyRequestStatus Status, long Requests, long Overdue);
