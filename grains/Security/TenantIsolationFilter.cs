using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Grains.Security;

/// <summary>
/// Every call into an Omniops grain passes here. The caller must be known, must hold one of the scopes the method
/// declares, and — for a tenant-scoped grain — must belong to the tenant the key starts with (operators and
/// cross-tenant system work carry no tenant and are held to their scopes alone). A foreign tenant gets
/// <see cref="ResourceNotFoundException"/>, exactly what a missing resource raises. Denials are audited in the
/// caller's own log, naming the operation but never the foreign resource.
/// </summary>
public sealed partial class TenantIsolationFilter(IGrainFactory grains, ILogger<TenantIsolationFilter> logger) : IIncomingGrainCallFilter
{
    private static readonly Assembly ContractAssembly = typeof(IAuditLogGrain).Assembly;
    private static readonly ConcurrentDictionary<MethodInfo, MethodRule> Rules = new();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod;
        if (method.DeclaringType?.Assembly != ContractAssembly)
        {
            return context.Invoke();
        }

        var rule = Rules.GetOrAdd(method, MethodRule.For);
        var caller = CallerContext.Current;
        var denial = Decide(rule, caller, context.TargetId);
        return denial is null ? context.Invoke() : DenyAsync(rule, caller, denial);
    }

    private async Task DenyAsync(MethodRule rule, CallerContext? caller, Exception denial)
    {
        LogDenied(logger, rule.Operation, caller?.Kind, denial.GetType().Name);
        if (caller is not null && !rule.IsAuditAppend)
        {
            await AuditDenialAsync(caller, rule.Operation);
        }

        throw denial;
    }

    private static Exception? Decide(MethodRule rule, CallerContext? caller, GrainId target)
    {
        if (caller is null)
        {
            return new AccessDeniedException("The call carries no authenticated caller.");
        }

        if (rule.TenantScoped && caller.TenantId is not null && !BelongsTo(target.Key.AsSpan(), caller.TenantId))
        {
            return new ResourceNotFoundException();
        }

        if (rule.TenantScoped && caller.TenantId is null && caller.Kind is not (ActorKind.Operator or ActorKind.System))
        {
            return new AccessDeniedException("The caller is bound to no tenant.");
        }

        return HoldsAny(caller.Scopes, rule.Scopes)
            ? null
            : new AccessDeniedException("The caller lacks the scope this operation requires.");
    }

    /// <summary>
    /// Whether the UTF-8 grain key is <paramref name="tenantId"/> or starts with <c>{tenantId}/</c> (see
    /// <see cref="GrainKeys"/>): compared in place, without decoding the key. Ids are ASCII by construction.
    /// </summary>
    private static bool BelongsTo(ReadOnlySpan<byte> key, string tenantId)
    {
        if (key.Length < tenantId.Length || (key.Length > tenantId.Length && key[tenantId.Length] != (byte)'/'))
        {
            return false;
        }

        for (var i = 0; i < tenantId.Length; i++)
        {
            if (key[i] != tenantId[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool HoldsAny(IReadOnlyList<string> held, IReadOnlyList<string> required)
    {
        for (var r = 0; r < required.Count; r++)
        {
            for (var h = 0; h < held.Count; h++)
            {
                if (string.Equals(required[r], held[h], StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private async Task AuditDenialAsync(CallerContext caller, string operation)
    {
        try
        {
            await grains.GetAuditLogGrain(caller.TenantId ?? GrainKeys.OperatorTenant)
                .AppendAsync(new AuditEntry(operation, AuditOutcomes.Denied));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDenialNotAudited(logger, operation, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Denied {Operation} to a {ActorKind} caller: {Reason}")]
    private static partial void LogDenied(ILogger logger, string operation, ActorKind? actorKind, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "A denial of {Operation} could not be audited")]
    private static partial void LogDenialNotAudited(ILogger logger, string operation, Exception exception);

    private sealed record MethodRule(string Operation, IReadOnlyList<string> Scopes, bool TenantScoped, bool IsAuditAppend)
    {
        public static MethodRule For(MethodInfo method)
        {
            var grain = method.DeclaringType!;
            var operation = $"{grain.GetCustomAttribute<AliasAttribute>()?.Alias ?? grain.Name}.{method.GetCustomAttribute<AliasAttribute>()?.Alias ?? method.Name}";
            var scopes = method.GetCustomAttribute<RequiresScopeAttribute>()?.Scopes ?? [];
            return new MethodRule(
                operation,
                scopes,
                grain.IsDefined(typeof(TenantScopedAttribute)),
                grain == typeof(IAuditLogGrain) && method.Name is nameof(IAuditLogGrain.AppendAsync) or nameof(IAuditLogGrain.AppendManyAsync));
        }
    }
}
