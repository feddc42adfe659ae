using System.Text.Json.Nodes;
using Json.Schema;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>The export schemas shipped in docs/schemas, loaded once, and validation against them (JsonSchema.Net).</summary>
public static class ExportSchemas
{
    private static readonly Lazy<(JsonSchema Subject, JsonSchema Tenant)> Schemas = new(() =>
    {
        var subject = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "subject-export.v2.schema.json"));
        SchemaRegistry.Global.Register(subject);
        var tenant = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Schemas", "tenant-export.v2.schema.json"));
        SchemaRegistry.Global.Register(tenant);
        return (subject, tenant);
    });

    public static JsonSchema Subject => Schemas.Value.Subject;

    public static JsonSchema Tenant => Schemas.Value.Tenant;

    /// <summary>The schema's complaints about <paramref name="json"/> (none when it validates), formats checked too.</summary>
    public static IReadOnlyList<string> Problems(JsonSchema schema, string json)
    {
        var result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? []
            : [.. (result.Details ?? [result]).Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))];
    }
}
