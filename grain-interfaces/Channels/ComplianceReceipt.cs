namespace Omniops.Actors.GrainInterfaces.Channels;

/// <summary>
/// How a privacy request was recorded: <see cref="Duplicate"/> when it was recorded before (the same delivery, or for
/// a destructive topic the same signed body), and when it may take effect — for a destructive topic the end of the
/// cooling-off window recorded with the first copy, otherwise when it was received.
/// </summary>
[GenerateSerializer, Alias("omniops.compliance-receipt")]
public sealed record ComplianceReceipt(
    [property: Id(0)] bool Duplicate,
    [property: Id(1)] DateTimeOffset EffectiveAt);
