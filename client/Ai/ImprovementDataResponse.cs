using Omniops.Actors.GrainInterfaces.Ai;

namespace Omniops.Actors.Client.Ai;

/// <summary><c>GET /v1/ai/improvement-data</c>: minimised transcripts; pass <see cref="Next"/> back as <c>cursor</c>.</summary>
public sealed record ImprovementDataResponse(IReadOnlyList<ImprovementTranscript> Transcripts, string? Next);
