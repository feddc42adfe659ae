namespace Omniops.Actors.Client.Web.Components.Pages.Team;

/// <summary>What the team page says after a change on a member's or key's page redirected back to it.</summary>
public static class TeamText
{
    public static string? Of(string? done) => done switch
    {
        "removed" => "The member was removed and signed out everywhere.",
        "key-revoked" => "The key was revoked: calls with it are refused from now on.",
        _ => null,
    };
}
