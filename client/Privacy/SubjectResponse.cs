namespace Omniops.Actors.Client.Privacy;

/// <summary>A customer record <c>GET /v1/subjects</c> found: its ref, its channel and what it holds.</summary>
public sealed record SubjectResponse(string CustomerRef, string Channel, SubjectHoldingsResponse Holds);
