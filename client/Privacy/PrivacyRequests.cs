namespace Omniops.Actors.Client.Privacy;

/// <summary>
/// <c>POST /v1/privacy/requests</c>: <c>kind</c> is access, rectification or erasure; the subject is named by
/// <c>customerRef</c>; <c>changes</c> are a rectification's corrected contact details.
/// </summary>
public sealed record PrivacyRequestBody(string Kind, string? CustomerRef = null, string? Email = null, string? Phone = null, string? ExternalRef = null,
    ContactChangesBody? Changes = null);

/// <summary>Corrected contact details; absent members stay as they are.</summary>
public sealed record ContactChangesBody(string? Name = null, string? Email = null, string? Phone = null);

/// <summary><c>PUT /v1/subjects/{customerRef}/legal-hold</c>.</summary>
public sealed record LegalHoldBody(string Reason);
