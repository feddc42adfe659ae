using Omniops.Actors.Grains.Ai.Minimisation;

namespace Omniops.Actors.Tests.Ai.Corpus;

/// <summary>One corpus message: its text, the values the grains would know for its conversation, its labels.</summary>
public sealed record CorpusMessage(int Id, string Locale, string Text, KnownEntity[] Known, CorpusLabel[] Entities, CorpusLabel[] Negatives);
