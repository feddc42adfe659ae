namespace Omniops.Actors.Tests.Channels;

/// <summary>One request a <see cref="FakeChannelServer"/> received, as it arrived.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
