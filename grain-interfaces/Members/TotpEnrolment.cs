namespace Omniops.Actors.GrainInterfaces.Members;

/// <summary>
/// A pending TOTP enrolment: the base32 secret and its <c>otpauth://totp/…</c> URI (for the QR code). Shown once, to
/// the member enrolling; confirmed by a current code.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.totp-enrolment")]
public sealed record TotpEnrolment(
    [property: Id(0)] string Secret,
    [property: Id(1)] string OtpAuthUri)
{
    public override string ToString() => "TotpEnrolment { [secret withheld] }";
}
