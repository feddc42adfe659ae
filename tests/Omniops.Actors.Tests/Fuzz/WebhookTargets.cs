namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// Where the generated deliveries go: <paramref name="Victim"/> gets every delivery whose signature does not verify
/// and must store nothing; <paramref name="Signed"/> gets the hostile bodies signed with its own secrets (one secret
/// for all three integrations), so the parsers behind the signature check are fuzzed too.
/// </summary>
public sealed record WebhookTargets(string Victim, string Signed, string Secret, IReadOnlyList<byte[]> GenericSeeds,
    IReadOnlyList<byte[]> WhatsAppSeeds, IReadOnlyList<(string Topic, byte[] Body)> ShopifySeeds);
