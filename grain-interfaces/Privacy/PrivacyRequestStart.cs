using Omniops.Actors.GrainInterfaces.Customers;

namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>
/// What a privacy request is about. <see cref="CustomerRefs"/>: every customer record of the subject (discovery may
/// find several across channels); <see cref="OrderIds"/>: orders to erase beside them (a platform may name orders of
/// a guest); <see cref="Changes"/>: the corrected contact details of a rectification; <see cref="NotBefore"/>: a
/// cooling-off period (destructive platform requests, tenant deletion) before which nothing is carried out;
/// <see cref="OnlyIfEmpty"/>: an erasure (of the <see cref="PrivacyRequestSource.Retention"/> source only) that erases a
/// record only if it still holds no conversation and no order when the request runs, and otherwise completes erasing nothing.
/// </summary>
[GenerateSerializer, Alias("omniops.privacy-request-start")]
public sealed record PrivacyRequestStart(
    [property: Id(0)] PrivacyRequestKind Kind,
    [property: Id(1)] PrivacyRequestSource Source,
    [property: Id(2)] IReadOnlyList<string> CustomerRefs,
    [property: Id(3)] IReadOnlyList<string> OrderIds,
    [property: Id(4)] ContactDetails? Changes = null,
    [property: Id(5)] DateTimeOffset? NotBefore = null,
    [property: Id(6)] bool OnlyIfEmpty = false)
{
    public override string ToString() => $"PrivacyRequestStart {{ Kind = {Kind}, Source = {Source} }}";
}
