using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.GrainInterfaces.Ai;

/// <summary>
/// Minimised transcripts of a tenant's conversations for improvement use, computed on each call and never kept;
/// only for a tenant whose <c>ai.trainingOptIn</c> is on. Key: the tenant id.
/// </summary>
[TenantScoped, Alias("omniops.ai-improvement")]
public interface IAiImprovementGrain : IGrainWithStringKey
{
    [Alias("list"), RequiresScope(Scopes.AiImprovementRead)]
    Task<ImprovementPage> ListAsync(ConversationCursor? after, int limit);
}
