namespace Omniops.Actors.Client.Actions;

/// <summary><c>GET /v1/actions</c>: the tenant's actions, newest first.</summary>
public sealed record ActionListResponse(IReadOnlyList<ActionResponse> Actions);
