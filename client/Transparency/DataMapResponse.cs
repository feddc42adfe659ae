using System.Xml;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.GrainInterfaces.Privacy;

namespace Omniops.Actors.Client.Transparency;

/// <summary><c>GET /v1/tenant/data-map</c>: the tenant's record of processing; durations are ISO-8601.</summary>
public sealed record DataMapResponse(
    IReadOnlyList<DataMapIntegration> Integrations,
    DataMapAiProvider Ai,
    IReadOnlyList<Subprocessor> Subprocessors,
    IReadOnlyList<string> Purposes,
    RetentionResponse Retention)
{
    public static DataMapResponse From(DataMap map) => new(map.Integrations, map.Ai, map.Subprocessors, map.Purposes,
        new RetentionResponse(
            XmlConvert.ToString(map.Retention.Conversations),
            XmlConvert.ToString(map.Retention.Orders),
            XmlConvert.ToString(map.Retention.AuditLog)));
}
