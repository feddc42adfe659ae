namespace Omniops.Actors.Bench.Ingest;

/// <summary>
/// The durable core of a message ingest as the conversation grain will do it: take a message body, seal it under
/// the subject's key (or not, for the baseline) and persist the grain's state to PostgreSQL before answering.
/// </summary>
[Alias("omniops.bench.ingest-probe")]
public interface IIngestProbeGrain : IGrainWithStringKey
{
    [Alias("ingest")]
    Task IngestAsync(byte[] body, bool encrypt);
}
