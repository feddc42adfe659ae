using Omniops.Actors.GrainInterfaces.Customers;

namespace Omniops.Actors.Client.Customers;

/// <summary>
/// <c>GET /v1/customers/{customerRef}</c>. A customer's conversations and orders grow without bound, so the answer lists
/// at most <see cref="MaxListedIds"/> of each, most recent first, and counts them all: <see cref="ConversationCount"/>,
/// <see cref="OrderCount"/>. Every conversation of the customer: <c>GET /v1/conversations?customerRef=</c> (paged).
/// </summary>
public sealed record CustomerResponse(
    string CustomerRef,
    string Channel,
    ContactResponse Contact,
    IReadOnlyList<string> ConversationIds,
    int ConversationCount,
    IReadOnlyList<string> OrderIds,
    int OrderCount,
    DateTimeOffset CreatedAt)
{
    /// <summary>The most conversation ids and order ids listed.</summary>
    public const int MaxListedIds = 100;

    public static CustomerResponse From(CustomerView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(view.CustomerRef, view.Channel, ContactResponse.From(view.Contact),
            MostRecent(view.ConversationIds), view.ConversationIds.Count, MostRecent(view.OrderIds), view.OrderIds.Count, view.CreatedAt);
    }

    public override string ToString() => $"CustomerResponse {{ CustomerRef = {CustomerRef} }}";

    // The grain keeps ids in the order they first appeared.
    private static string[] MostRecent(IReadOnlyList<string> ids) => [.. ids.Reverse().Take(MaxListedIds)];
}
