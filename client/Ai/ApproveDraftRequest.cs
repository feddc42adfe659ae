namespace Omniops.Actors.Client.Ai;

/// <summary>The body of <c>POST .../ai-drafts/{draftId}/approve</c>: <see cref="Text"/> replaces the draft's text when given (an edit).</summary>
public sealed record ApproveDraftRequest(string? Text = null)
{
    public override string ToString() => "ApproveDraftRequest { [content withheld] }";
}
