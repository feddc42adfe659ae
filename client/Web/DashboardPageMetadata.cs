namespace Omniops.Actors.Client.Web;

/// <summary>Marks a dashboard form endpoint (not a component) whose refusal redirects to sign-in like a page's.</summary>
public sealed class DashboardPageMetadata;
