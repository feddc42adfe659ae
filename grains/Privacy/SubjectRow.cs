namespace Omniops.Actors.Grains.Privacy;

/// <summary>One customer record of a tenant as the subject index lists it.</summary>
public sealed record SubjectRow(string CustomerRef, string Channel, DateTimeOffset CreatedAt);
