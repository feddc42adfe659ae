namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>What a blind-index entry is of (stored as a smallint: never renumber).</summary>
public enum SubjectLookupKind : short
{
    /// <summary>An e-mail address, trimmed and lower-cased.</summary>
    Email = 1,

    /// <summary>A phone number in E.164.</summary>
    Phone = 2,

    /// <summary>The merchant's or channel's own customer id (a generic webhook's <c>customer.ref</c>, a Shopify customer id).</summary>
    ExternalRef = 3,
}
