namespace Omniops.Actors.Client.Privacy;

/// <summary><c>POST /v1/customers/{customerRef}/privacy-token</c> (optional body): an ISO 8601 duration, at most P30D; default P7D.</summary>
public sealed record PrivacyTokenBody(string? ExpiresIn = null);

/// <summary>The issued privacy link: the token (shown once), the page's URL carrying it, and when it stops working.</summary>
public sealed record PrivacyTokenResponse(string Token, string Url, DateTimeOffset ExpiresAt);

/// <summary><c>DELETE /v1/customers/{customerRef}/privacy-token</c>: how many unexpired links of the record were revoked.</summary>
public sealed record PrivacyLinksRevokedResponse(int Revoked);

/// <summary><c>POST /v1/privacy/self/requests</c>: <c>kind</c> is access or erasure; the subject is the link's own.</summary>
public sealed record SubjectRequestBody(string Kind);

/// <summary>What a data subject sees about themselves: what is held by category, and how this shop uses AI.</summary>
public sealed record SubjectOverviewResponse(bool Held, SubjectHoldsResponse Holds, SubjectAiResponse Ai, IReadOnlyList<string> Purposes,
    IReadOnlyList<Omniops.Actors.GrainInterfaces.Privacy.Subprocessor> Subprocessors)
{
    public static SubjectOverviewResponse From(Omniops.Actors.GrainInterfaces.Privacy.SubjectOverview o) => new(o.Held,
        new SubjectHoldsResponse(o.Conversations, o.Orders, o.ContactDetails),
        new SubjectAiResponse(o.Ai.Configured && o.Ai.EnabledForTenant, o.Ai.ProviderHost, o.Ai.Model, o.Ai.Region, !o.Ai.AutoSend, SubjectAiResponse.LabelText),
        o.Purposes, o.Subprocessors);
}

/// <summary>Counts of what is held (messages are held inside the conversations); whether contact details are.</summary>
public sealed record SubjectHoldsResponse(int Conversations, int Orders, bool ContactDetails);

/// <summary>
/// How the shop uses AI: whether it is on, the provider, model and region when one is configured, whether a person
/// reviews AI replies before they are sent (<c>humanReview</c>), and how AI replies are labelled.
/// </summary>
public sealed record SubjectAiResponse(bool Used, string? Provider, string? Model, string? Region, bool HumanReview, string Label)
{
    public const string LabelText = "Replies written by AI are marked as AI-generated.";
}
