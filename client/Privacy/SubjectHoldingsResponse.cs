namespace Omniops.Actors.Client.Privacy;

/// <summary>How many conversations and orders a customer record holds, and whether it is under legal hold.</summary>
public sealed record SubjectHoldingsResponse(int Conversations, int Orders, bool LegalHold);
