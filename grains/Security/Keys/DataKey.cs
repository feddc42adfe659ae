namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>An unwrapped data key: <see cref="Id"/> (e.g. <c>tenant</c> or <c>subject</c>) and <see cref="Version"/> go into every envelope it seals.</summary>
public sealed class DataKey(string id, int version, byte[] material)
{
    public const int Length = 32;

    public string Id { get; } = id;

    public int Version { get; } = version;

    internal byte[] Material { get; } = material;

    public override string ToString() => $"DataKey {{ {Id} v{Version} }}";
}
