namespace Omniops.Actors.Client.Conversations;

/// <summary>The body of <c>POST /v1/conversations/{id}/replies</c>.</summary>
public sealed record ReplyRequest(string Text)
{
    public override string ToString() => "ReplyRequest { [content withheld] }";
}
