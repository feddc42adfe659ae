using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>One blind-index entry of a customer record: the keyed digest of one normalized value.</summary>
public readonly record struct SubjectLookup(SubjectLookupKind Kind, byte[] Digest);
