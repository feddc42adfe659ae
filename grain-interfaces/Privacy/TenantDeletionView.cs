namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>A tenant's offboarding as the operator sees it: the request, and its signed receipt once it completed.</summary>
[GenerateSerializer, Alias("omniops.tenant-deletion-view")]
public sealed record TenantDeletionView(
    [property: Id(0)] PrivacyRequestView Request,
    [property: Id(1)] SignedReceipt? Receipt);
