namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>The wire names of privacy request kinds, statuses and sources: the API, the exports, receipts and audit details.</summary>
public static class PrivacyNames
{
    public static string Of(PrivacyRequestKind kind) => kind switch
    {
        PrivacyRequestKind.Access => "access",
        PrivacyRequestKind.Rectification => "rectification",
        PrivacyRequestKind.Erasure => "erasure",
        _ => "tenant-erasure",
    };

    public static string Of(PrivacyRequestStatus status) => status switch
    {
        PrivacyRequestStatus.Received => "received",
        PrivacyRequestStatus.InProgress => "in-progress",
        PrivacyRequestStatus.Completed => "completed",
        PrivacyRequestStatus.Rejected => "rejected",
        _ => "cancelled",
    };

    public static string Of(PrivacyRequestSource source) => source switch
    {
        PrivacyRequestSource.Merchant => "merchant",
        PrivacyRequestSource.DataSubject => "data-subject",
        PrivacyRequestSource.Retention => "retention",
        _ => "platform",
    };

    public static PrivacyRequestKind? Kind(string? name) => name switch
    {
        "access" => PrivacyRequestKind.Access,
        "rectification" => PrivacyRequestKind.Rectification,
        "erasure" => PrivacyRequestKind.Erasure,
        _ => null,
    };

    public static PrivacyRequestStatus? Status(string? name) => name switch
    {
        "received" => PrivacyRequestStatus.Received,
        "in-progress" => PrivacyRequestStatus.InProgress,
        "completed" => PrivacyRequestStatus.Completed,
        "rejected" => PrivacyRequestStatus.Rejected,
        "cancelled" => PrivacyRequestStatus.Cancelled,
        _ => null,
    };
}
