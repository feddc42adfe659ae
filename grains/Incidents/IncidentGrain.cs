using System.Globalization;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Incidents;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Grains.Conversations;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Grains.Incidents;

/// <summary>
/// A breach incident: which tenants it may have affected, computed from the tenant directory (who connected what),
/// the data map (which data an integration brings) and the conversation index (distinct customers active in the
/// window, counted under each tenant's own binding). Audited in the operator log (<c>incident.record</c>) before it
/// is kept, then in each affected tenant's log (<c>incident.notice</c>).
/// </summary>
public sealed class IncidentGrain(
    [PersistentState(StateNames.Incident, StorageNames.Main)] IPersistentState<IncidentState> state,
    IMessageStore messages,
    TimeProvider time) : Grain, IIncidentGrain
{
    public const int MaxDescriptionLength = 500;

    /// <summary>The notification deadline after detection (GDPR Art. 33).</summary>
    public static readonly TimeSpan NotificationDeadline = TimeSpan.FromHours(72);

    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(366);

    private string IncidentId => GrainKeys.LocalOf(this.GetPrimaryKeyString());

    public async Task<IncidentReport> RecordAsync(IncidentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        if (state.State.Report is not null)
        {
            throw new ConflictException("The incident is already recorded.");
        }

        var detectedAt = time.GetUtcNow();
        var affected = await AffectedAsync(request);
        var report = new IncidentReport(IncidentId, detectedAt, detectedAt + NotificationDeadline, request.From, request.To, request.Kind,
            request.Integration, request.TenantId, affected);

        var details = new Dictionary<string, string>
        {
            ["kind"] = request.Kind,
            ["from"] = Iso(request.From),
            ["to"] = Iso(request.To),
            ["notifyBy"] = Iso(report.NotifyBy),
            ["affectedTenants"] = affected.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (request.Integration is not null)
        {
            details["integration"] = request.Integration;
        }

        if (request.TenantId is not null)
        {
            details["tenantId"] = request.TenantId;
        }

        await GrainFactory.GetAuditLogGrain(GrainKeys.OperatorTenant).AppendAsync(new AuditEntry("incident.record", AuditOutcomes.Success, IncidentId, details,
            Previews: string.IsNullOrWhiteSpace(request.Description) ? null : new Dictionary<string, string> { ["description"] = request.Description }));
        state.State.Report = report;
        await state.WriteStateAsync();
        foreach (var tenant in affected)
        {
            await GrainFactory.GetAuditLogGrain(tenant.TenantId).AppendAsync(new AuditEntry("incident.notice", AuditOutcomes.Success, IncidentId,
                new Dictionary<string, string>
                {
                    ["kind"] = request.Kind,
                    ["from"] = Iso(request.From),
                    ["to"] = Iso(request.To),
                    ["notifyBy"] = Iso(report.NotifyBy),
                    ["dataCategories"] = string.Join(',', tenant.DataCategories),
                    ["subjects"] = tenant.Subjects.ToString(CultureInfo.InvariantCulture),
                }));
        }

        return report;
    }

    public Task<IncidentReport> GetAsync()
    {
        if (state.State.Report is not { } report)
        {
            DeactivateOnIdle();
            throw new ResourceNotFoundException();
        }

        return Task.FromResult(report);
    }

    private async Task<List<AffectedTenant>> AffectedAsync(IncidentRequest request)
    {
        var affected = new List<AffectedTenant>();
        if (request.Kind == IncidentKinds.AiProvider)
        {
            // No tenant's data reaches an AI provider yet (AI is not built): nobody to list.
            return affected;
        }

        var tenants = new List<TenantIntegrations>();
        foreach (var shard in GrainFactory.GetTenantDirectoryShards())
        {
            tenants.AddRange(await shard.ListAsync());
        }

        foreach (var tenant in tenants.OrderBy(t => t.TenantId, StringComparer.Ordinal))
        {
            var integration = request.Integration;
            var candidate = request.Kind switch
            {
                IncidentKinds.Integration => tenant.Integrations.Contains(integration!, StringComparer.Ordinal),
                IncidentKinds.Credential => tenant.TenantId == request.TenantId,
                _ => true,
            };
            if (!candidate)
            {
                continue;
            }

            var subjects = await messages.CountActiveCustomersAsync(tenant.TenantId, request.From, request.To);
            if (request.Kind is IncidentKinds.Database or IncidentKinds.Silo && subjects == 0)
            {
                continue;
            }

            IReadOnlyList<string> categories = request.Kind is IncidentKinds.Integration or IncidentKinds.Credential
                ? DataMapBuilder.CategoriesOf(integration!)
                : [.. tenant.Integrations.SelectMany(DataMapBuilder.CategoriesOf).Distinct(StringComparer.Ordinal)];
            affected.Add(new AffectedTenant(tenant.TenantId, categories, subjects));
        }

        return affected;
    }

    private static void Validate(IncidentRequest request)
    {
        if (request.To < request.From || request.To - request.From > MaxWindow)
        {
            throw new RequestValidationException("from must not be after to, and the window is at most 366 days.");
        }

        if (!IncidentKinds.All.Contains(request.Kind, StringComparer.Ordinal))
        {
            throw new RequestValidationException("component.kind must be one of: " + string.Join(", ", IncidentKinds.All) + ".");
        }

        var needsIntegration = request.Kind is IncidentKinds.Integration or IncidentKinds.Credential;
        if (needsIntegration != request.Integration is not null || (request.Integration is not null && !GrainKeys.IsValidId(request.Integration)))
        {
            throw new RequestValidationException("component.integration names an integration, for kinds integration and credential only.");
        }

        if ((request.Kind == IncidentKinds.Credential) != request.TenantId is not null || (request.TenantId is not null && !GrainKeys.IsValidId(request.TenantId)))
        {
            throw new RequestValidationException("component.tenantId names the tenant, for kind credential only.");
        }

        if (request.Description is { Length: > MaxDescriptionLength })
        {
            throw new RequestValidationException($"description is at most {MaxDescriptionLength} characters.");
        }
    }

    private static string Iso(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
}
