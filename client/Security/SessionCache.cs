using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Members;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// The gateway's check of session cookies: a session confirmed by its members grain is trusted for
/// <see cref="CheckInterval"/>, then asked again (which also slides its idle expiry). Bounded: at
/// <see cref="MaxEntries"/> the cache starts over. Sign-out and revocation through this gateway evict at once; another
/// gateway notices within <see cref="CheckInterval"/>. A cookie naming an unknown or closed tenant is refused from the
/// tenant directory (budgeted per source like API keys) without touching any members grain.
/// </summary>
public sealed class SessionCache(IGrainFactory grains, TenantDirectoryCache directory, SourceAddressLimiter sources, TimeProvider time)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (string TenantId, MemberSession Session, DateTimeOffset CheckedAt)> _sessions = new(StringComparer.Ordinal);

    public async ValueTask<(string TenantId, MemberSession Session)?> ValidateAsync(string token, HttpContext context)
    {
        if (!MemberTokens.TryParseSession(token, out var tenantId, out var sessionId, out var secret))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (_sessions.TryGetValue(token, out var cached) && now - cached.CheckedAt < CheckInterval && now < cached.Session.IdleExpiresAt)
        {
            return (tenantId, cached.Session);
        }

        if (!await TenantIsOpenAsync(tenantId, context))
        {
            return null;
        }

        var session = await CallerContext.RunAsAsync(CallerContext.Gateway(tenantId), () => grains.GetMembersGrain(tenantId).ValidateSessionAsync(sessionId, secret));
        if (session is null)
        {
            _sessions.TryRemove(token, out _);
            return null;
        }

        if (_sessions.Count >= MaxEntries)
        {
            _sessions.Clear();
        }

        _sessions[token] = (tenantId, session, now);
        return (tenantId, session);
    }

    /// <summary>Whether <paramref name="tenantId"/> is a live tenant, by the directory (no tenant grain, no members grain).</summary>
    public async ValueTask<bool> TenantIsOpenAsync(string tenantId, HttpContext context)
    {
        Omniops.Actors.GrainInterfaces.Tenants.TenantDirectoryEntry? entry;
        if (!sources.IsExhausted(context))
        {
            entry = await directory.LookupAsync(tenantId);
        }
        else if (directory.TryCached(tenantId, out var cached))
        {
            entry = cached;
        }
        else if (sources.TryTakeDirectoryRead(context))
        {
            entry = await directory.LookupAsync(tenantId);
        }
        else
        {
            return false;
        }

        return entry is { Active: true };
    }

    /// <summary>Forgets one session (signed out).</summary>
    public void Evict(string token) => _sessions.TryRemove(token, out _);

    /// <summary>Forgets every session of a member (removed, or their sessions revoked).</summary>
    public void EvictMember(string tenantId, string memberId)
    {
        foreach (var (token, entry) in _sessions)
        {
            if (entry.TenantId == tenantId && entry.Session.MemberId == memberId)
            {
                _sessions.TryRemove(token, out _);
            }
        }
    }
}
