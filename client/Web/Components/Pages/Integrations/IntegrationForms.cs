namespace Omniops.Actors.Client.Web.Components.Pages.Integrations;

/// <summary>What the integration forms share: a list field is one entry per line (commas also separate).</summary>
public static class IntegrationForms
{
    public static IReadOnlyList<string> Lines(string? text) =>
        text is null ? [] : [.. text.Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
