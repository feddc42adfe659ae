using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Security;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Audit;

/// <summary>The tenant's audit trail (paged by sequence) and its verification; the operator's verification of any tenant's chain.</summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var tenant = routes.MapGroup("/v1/audit").RequireAuthorization(Policies.Scope(Scopes.AuditRead));
        tenant.MapGet("", ReadAsync)
            .WithName("ReadAuditTrail").WithSummary("Events after sequence `after` (at most `limit`, 1-500, default 100); `next` is the `after` of the next page.");
        tenant.MapGet("/verify", async (IGrainFactory grains) => TypedResults.Ok(AuditVerificationResponse.From(await OwnLog(grains).VerifyAsync())))
            .WithName("VerifyAuditTrail").WithSummary("Recomputes the tenant's hash chain and names the first broken event.");
        tenant.MapGet("/checkpoint", LatestCheckpointAsync)
            .WithName("LatestAuditCheckpoint").WithSummary("The latest signed checkpoint of the tenant's chain head, with the public key that verifies it.");

        routes.MapGet("/ops/audit/verify", VerifyAnyAsync).RequireAuthorization(Policies.Operator)
            .WithName("VerifyTenantAuditTrail").WithSummary("Recomputes any tenant's hash chain (`ops` is the operator log); audited.");
        routes.MapPost("/ops/audit/checkpoints", CheckpointAsync).RequireAuthorization(Policies.Operator)
            .WithName("CheckpointAuditTrail").WithSummary("Signs a checkpoint of a tenant's chain head now (the silos also do so every `Omniops__Audit__CheckpointPeriod`); audited.");
        return routes;
    }

    private static async Task<Results<Ok<AuditPageResponse>, ProblemHttpResult>> ReadAsync(string? after, string? limit, IGrainFactory grains)
    {
        if (!TryQuery(after, 0, 0, long.MaxValue, out var from) || !TryQuery(limit, DefaultLimit, 1, MaxLimit, out var count))
        {
            return Problems.BadRequest($"after must be a non-negative integer and limit an integer from 1 to {MaxLimit}.");
        }

        var events = await OwnLog(grains).ReadAsync(from, (int)count);
        return TypedResults.Ok(new AuditPageResponse([.. events.Select(AuditEventResponse.From)], events.Count == 0 ? from : events[^1].Sequence));
    }

    private static async Task<Results<Ok<AuditVerificationResponse>, ProblemHttpResult>> VerifyAnyAsync(string? tenantId, IGrainFactory grains)
    {
        if (tenantId is null || !GrainKeys.IsValidId(tenantId))
        {
            return Problems.BadRequest("tenantId is required and must be a tenant id.");
        }

        await grains.GetAuditLogGrain(GrainKeys.OperatorTenant)
            .AppendAsync(new AuditEntry("ops.audit.verify", AuditOutcomes.Success, tenantId));
        return TypedResults.Ok(AuditVerificationResponse.From(await grains.GetAuditLogGrain(tenantId).VerifyAsync()));
    }

    private static async Task<Results<Ok<AuditCheckpointResponse>, ProblemHttpResult>> LatestCheckpointAsync(IGrainFactory grains) =>
        await OwnLog(grains).LatestCheckpointAsync() is { } checkpoint ? TypedResults.Ok(AuditCheckpointResponse.From(checkpoint)) : Problems.NotFound();

    private static async Task<Results<Ok<AuditCheckpointResponse>, ProblemHttpResult>> CheckpointAsync(string? tenantId, IGrainFactory grains)
    {
        if (tenantId is null || !GrainKeys.IsValidId(tenantId))
        {
            return Problems.BadRequest("tenantId is required and must be a tenant id.");
        }

        await grains.GetAuditLogGrain(GrainKeys.OperatorTenant)
            .AppendAsync(new AuditEntry("ops.audit.checkpoint", AuditOutcomes.Success, tenantId));
        return await grains.GetAuditLogGrain(tenantId).CheckpointAsync() is { } checkpoint
            ? TypedResults.Ok(AuditCheckpointResponse.From(checkpoint))
            : Problems.NotFound();
    }

    private static IAuditLogGrain OwnLog(IGrainFactory grains) =>
        grains.GetAuditLogGrain(CallerContext.Current!.TenantId!);

    private static bool TryQuery(string? raw, long fallback, long min, long max, out long value)
    {
        if (raw is null)
        {
            value = fallback;
            return true;
        }

        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }
}
