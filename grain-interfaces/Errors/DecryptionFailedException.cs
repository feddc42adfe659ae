namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>
/// Stored ciphertext could not be opened: it belongs to another grain, field or tenant, was altered, or its key was
/// destroyed. The message names the grain and field, never data.
/// </summary>
[GenerateSerializer, Alias("omniops.decryption-failed")]
public sealed class DecryptionFailedException(string message) : Exception(message);
