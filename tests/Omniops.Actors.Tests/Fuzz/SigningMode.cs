namespace Omniops.Actors.Tests.Fuzz;

/// <summary>How a generated delivery is signed; every mode but <see cref="Valid"/> must fail the signature check.</summary>
public enum SigningMode
{
    Valid,
    FlippedBody,
    FlippedSignature,
    WrongSecret,
    Missing,
    DuplicateHeader,
    ReplayedOtherBody,
    ShiftedTimestamp,
    HeaderInjection,
}
