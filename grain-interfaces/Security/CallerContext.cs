namespace Omniops.Actors.GrainInterfaces.Security;

/// <summary>
/// The authenticated caller of a grain call, carried in the Orleans <see cref="RequestContext"/>. The gateway sets it
/// after authentication; the isolation filter and the grains read it. <see cref="TenantId"/> is null only for
/// operators and cross-tenant system work.
/// </summary>
[GenerateSerializer, Immutable, Alias("omniops.caller")]
public sealed record CallerContext(
    [property: Id(0)] string? TenantId,
    [property: Id(1)] string ActorId,
    [property: Id(2)] ActorKind Kind,
    [property: Id(3)] IReadOnlyList<string> Scopes)
{
    /// <summary>
    /// The customer ref a <see cref="ActorKind.DataSubject"/> caller is bound to (from their privacy link); null for
    /// everyone else. Grains compare it with the subject they hold; it is never written to the audit trail (the actor id
    /// names the link, not the person).
    /// </summary>
    [Id(4)]
    public string? Subject { get; init; }

    private const string RequestContextKey = "omniops.caller";

    /// <summary>The caller of the current grain call or request, or null when none was set.</summary>
    public static CallerContext? Current
    {
        get => RequestContext.Get(RequestContextKey) as CallerContext;
        set
        {
            if (value is null)
            {
                RequestContext.Remove(RequestContextKey);
            }
            else
            {
                RequestContext.Set(RequestContextKey, value);
            }
        }
    }

    /// <summary>The gateway itself, acting for <paramref name="tenantId"/> before a principal is known.</summary>
    public static CallerContext Gateway(string? tenantId) =>
        new(tenantId, "gateway", ActorKind.System, [Security.Scopes.Authenticate, Security.Scopes.AuditAppend, Security.Scopes.Health]);

    /// <summary>Background work (reminders, sweeps) of a grain acting for its own tenant.</summary>
    public static CallerContext System(string? tenantId, string actorId) =>
        new(tenantId, actorId, ActorKind.System, Security.Scopes.SystemScopes);

    /// <summary>
    /// A chat channel or shop platform of <paramref name="tenantId"/>, once the gateway has verified its webhook
    /// signature (and, before that, only to have the signature checked): it may verify and deliver, nothing else.
    /// </summary>
    public static CallerContext Channel(string tenantId, string channel) =>
        new(tenantId, "channel:" + channel, ActorKind.Channel, Security.Scopes.ChannelScopes);

    /// <summary>Privacy work of <paramref name="tenantId"/> (a privacy request's steps, a retention sweep): <see cref="Security.Scopes.PrivacyScopes"/>.</summary>
    public static CallerContext Privacy(string tenantId, string actorId) =>
        new(tenantId, actorId, ActorKind.System, Security.Scopes.PrivacyScopes);

    /// <summary>A data subject of <paramref name="tenantId"/> through privacy link <paramref name="linkId"/>, bound to <paramref name="customerRef"/>.</summary>
    public static CallerContext DataSubject(string tenantId, string linkId, string customerRef) =>
        new(tenantId, "privacy-link:" + linkId, ActorKind.DataSubject, Security.Scopes.SubjectScopes) { Subject = customerRef };

    /// <summary>The operator, holding only the operator scopes.</summary>
    public static CallerContext Operator(string actorId) =>
        new(null, actorId, ActorKind.Operator, Security.Scopes.OperatorScopes);

    /// <summary>Runs <paramref name="action"/> with <paramref name="caller"/> as the current caller, then restores the previous one.</summary>
    public static async Task<T> RunAsAsync<T>(CallerContext caller, Func<Task<T>> action)
    {
        var previous = Current;
        Current = caller;
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            Current = previous;
        }
    }
}
