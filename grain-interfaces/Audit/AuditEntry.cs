namespace Omniops.Actors.GrainInterfaces.Audit;

/// <summary>
/// What a caller asks to record. <see cref="Sensitive"/> values are stored only as HMAC-SHA256 under the tenant's
/// audit key; <see cref="Previews"/> are redacted and bounded before they are stored. Actor and time come from the
/// caller context and the log's clock, not from here. A <see cref="PersonalResource"/> (a customer ref, conversation,
/// order or message id) is stored not in clear but as <c>hmac:</c> + HMAC-SHA256 under the same key, so the event
/// outlives the subject's erasure and can still be found by whoever holds the ref.
/// </summary>
[GenerateSerializer, Alias("omniops.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] string Operation,
    [property: Id(1)] string Outcome,
    [property: Id(2)] string? Resource = null,
    [property: Id(3)] IReadOnlyDictionary<string, string>? Details = null,
    [property: Id(4)] IReadOnlyDictionary<string, string>? Sensitive = null,
    [property: Id(5)] IReadOnlyDictionary<string, string>? Previews = null,
    [property: Id(6)] bool PersonalResource = false);
