namespace Omniops.Actors.Grains.Privacy;

/// <summary>How privacy requests run (<c>Omniops:PrivacyRequests</c>).</summary>
public sealed class PrivacyRequestOptions
{
    public const string Section = "Omniops:PrivacyRequests";

    /// <summary>
    /// How often a request's reminder fires while it is open: it resumes work a crash or a lost silo interrupted, and
    /// starts a request whose cooling-off ended. Orleans' minimum reminder period applies (one minute by default).
    /// </summary>
    public TimeSpan ResumePeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many subject grains are called at once during an erasure's fan-out.</summary>
    public int FanOut { get; set; } = 64;

    /// <summary>
    /// How many rows a tenant offboarding removes from each table at a time (<see cref="TenantOffboarding"/>): each
    /// page is one round trip and one transaction, and the request's progress is saved after it.
    /// </summary>
    public int OffboardingPageSize { get; set; } = 5000;

    public bool IsValid() =>
        ResumePeriod > TimeSpan.Zero && ResumePeriod <= TimeSpan.FromHours(1) && FanOut is >= 1 and <= 1024 && OffboardingPageSize is >= 1 and <= 10_000;
}
