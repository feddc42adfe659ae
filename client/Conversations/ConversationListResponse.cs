namespace Omniops.Actors.Client.Conversations;

/// <summary>
/// <c>GET /v1/conversations</c>: a page of conversations, most recently active first. <see cref="Next"/> (absent on the
/// last page) is the <c>cursor</c> of the following page. A conversation that becomes active during a walk moves to the
/// top, where a walk started afresh finds it.
/// </summary>
public sealed record ConversationListResponse(IReadOnlyList<ConversationSummaryResponse> Conversations, string? Next);
