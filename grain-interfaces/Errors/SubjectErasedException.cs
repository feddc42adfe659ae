namespace Omniops.Actors.GrainInterfaces.Errors;

/// <summary>
/// The data subject's key was destroyed (crypto-shredded): whatever is still stored about the subject can never be
/// read again. The gateway answers 410 Gone; the message names no data.
/// </summary>
[GenerateSerializer, Alias("omniops.subject-erased")]
public sealed class SubjectErasedException() : Exception("The data subject was erased: its data can no longer be read.");
