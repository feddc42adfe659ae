namespace Omniops.Actors.Bench.Webhooks;

/// <summary>The customer of a generic webhook body: an external reference and optional contact details.</summary>
public sealed record BaselineCustomer(string Ref, string? Name, string? Email, string? Phone);
