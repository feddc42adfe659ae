namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>A key needed to unwrap or decrypt is not available (unknown KEK, destroyed subject key, wrong context).</summary>
public sealed class KeyUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
