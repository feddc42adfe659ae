using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// Every <see cref="AuditOptions.CheckpointPeriod"/>, signs a checkpoint of every log's head. Each silo runs one; a
/// checkpoint taken twice is harmless. Taking the signer at construction makes a missing key stop start-up.
/// </summary>
public sealed partial class AuditCheckpointService(
    IGrainFactory grains, IAuditStore store, AuditSigner signer, IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditCheckpointService> logger) : BackgroundService
{
    private readonly AuditSigner _signer = signer;

    /// <summary>Checkpoints every log (or only <paramref name="tenantId"/>) as the operator; returns how many were signed.</summary>
    public static async Task<int> CheckpointAsync(IGrainFactory grains, IAuditStore store, string? tenantId, CancellationToken cancellationToken)
    {
        var tenants = tenantId is null ? await store.ReadTenantIdsAsync(cancellationToken) : [tenantId];
        var signed = 0;
        foreach (var tenant in tenants)
        {
            var checkpoint = await CallerContext.RunAsAsync(CallerContext.Operator("audit-checkpoint"), () => grains.GetAuditLogGrain(tenant).CheckpointAsync());
            signed += checkpoint is null ? 0 : 1;
        }

        return signed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = _signer.PublicKeyPem;
        using var timer = new PeriodicTimer(options.Value.CheckpointPeriod, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                LogCheckpoints(logger, await CheckpointAsync(grains, store, null, stoppingToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCheckpointsFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed {Count} audit checkpoints")]
    private static partial void LogCheckpoints(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Signing audit checkpoints failed")]
    private static partial void LogCheckpointsFailed(ILogger logger, Exception exception);
}
