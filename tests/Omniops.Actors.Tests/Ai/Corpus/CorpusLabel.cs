namespace Omniops.Actors.Tests.Ai.Corpus;

/// <summary>A labelled stretch of a corpus message: a personal value (<see cref="Known"/> when the grains know it) or a hard negative.</summary>
public sealed record CorpusLabel(string Kind, int Start, int Length, bool Known);
