namespace Omniops.Actors.GrainInterfaces.Customers;

/// <summary>A data subject as an agent sees it: contact details (decrypted), conversations and orders.</summary>
[GenerateSerializer, Alias("omniops.customer-view")]
public sealed record CustomerView(
    [property: Id(0)] string CustomerRef,
    [property: Id(1)] string Channel,
    [property: Id(2)] ContactDetails Contact,
    [property: Id(3)] IReadOnlyList<string> ConversationIds,
    [property: Id(4)] IReadOnlyList<string> OrderIds,
    [property: Id(5)] DateTimeOffset CreatedAt)
{
    public override string ToString() => $"CustomerView {{ CustomerRef = {CustomerRef} }}";
}
