namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>One value found in a text: where it is and what it is. Never logged with its text.</summary>
public readonly record struct MinimisedSpan(int Start, int Length, EntityKind Kind);
