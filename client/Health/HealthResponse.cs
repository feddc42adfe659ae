namespace Omniops.Actors.Client.Health;

/// <summary>A health answer: <c>{"status":"live"}</c> or <c>{"status":"ready"}</c> (not ready is a 503 problem document).</summary>
public sealed record HealthResponse(string Status);
