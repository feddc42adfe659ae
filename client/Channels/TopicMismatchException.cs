namespace Omniops.Actors.Client.Channels;

/// <summary>A signed body whose shape is another topic's than the one its topic header names (answered 400 <c>topic-mismatch</c>).</summary>
public sealed class TopicMismatchException(string message) : FormatException(message);
