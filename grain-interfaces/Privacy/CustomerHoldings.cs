namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>What one customer record holds: the conversations and orders that are theirs, a legal hold if any, and whether contact details are held.</summary>
[GenerateSerializer, Alias("omniops.customer-holdings")]
public sealed record CustomerHoldings(
    [property: Id(0)] string CustomerRef,
    [property: Id(1)] bool Exists,
    [property: Id(2)] string Channel,
    [property: Id(3)] IReadOnlyList<string> ConversationIds,
    [property: Id(4)] IReadOnlyList<string> OrderIds,
    [property: Id(5)] bool LegalHold,
    [property: Id(6)] bool ContactDetails = false);
