namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>
/// Wraps and unwraps data keys with key-encryption keys. The local implementation holds the master key(s) from
/// configuration; an external KMS can implement the same contract (the calls are asynchronous for that reason).
/// </summary>
public interface IKeyEncryptionKeyProvider
{
    /// <summary>The id of the KEK new wraps use.</summary>
    string CurrentKekId { get; }

    /// <summary>Every KEK id this provider can unwrap with (the current one and those still being rotated away).</summary>
    IReadOnlyCollection<string> KekIds { get; }

    /// <summary>Wraps <paramref name="dataKey"/>; <paramref name="context"/> is bound as associated data.</summary>
    ValueTask<WrappedKey> WrapAsync(byte[] dataKey, string context);

    /// <summary>Unwraps; throws <see cref="KeyUnavailableException"/> when the KEK is unknown or the context differs.</summary>
    ValueTask<byte[]> UnwrapAsync(WrappedKey wrapped, string context);
}
