using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Client.Privacy;

/// <summary>A privacy request: kind, status, due date (one month after receipt) and whether it is overdue.</summary>
public sealed record PrivacyRequestResponse(string RequestId, string Kind, string Status, string Source, DateTimeOffset ReceivedAt, DateTimeOffset DueAt,
    DateTimeOffset? NotBefore, DateTimeOffset? CompletedAt, bool Overdue, string? Reason)
{
    public static PrivacyRequestResponse From(PrivacyRequestView view) => new(view.RequestId, PrivacyNames.Of(view.Kind), PrivacyNames.Of(view.Status),
        PrivacyNames.Of(view.Source), view.ReceivedAt, view.DueAt, view.NotBefore, view.CompletedAt, view.Overdue, view.Reason);
}

/// <summary>A row of the privacy-request queue.</summary>
public sealed record PrivacyRequestSummaryResponse(string RequestId, string Kind, string Status, string Source, DateTimeOffset ReceivedAt, DateTimeOffset DueAt,
    DateTimeOffset? CompletedAt, bool Overdue)
{
    public static PrivacyRequestSummaryResponse From(PrivacyRequestSummary s, DateTimeOffset now) => new(s.RequestId, PrivacyNames.Of(s.Kind),
        PrivacyNames.Of(s.Status), PrivacyNames.Of(s.Source), s.ReceivedAt, s.DueAt, s.CompletedAt,
        s.Status is PrivacyRequestStatus.Received or PrivacyRequestStatus.InProgress && now > s.DueAt);
}

/// <summary>
/// A signed receipt: <c>receipt</c> is the JSON text exactly as signed; <c>signature</c> the base64 DER ECDSA P-256
/// signature over SHA-256 of its UTF-8 bytes; the public key is at <c>/.well-known/omniops-receipt-keys/{keyId}.pem</c>.
/// </summary>
public sealed record ReceiptResponse(string Receipt, string Signature, string KeyId);
