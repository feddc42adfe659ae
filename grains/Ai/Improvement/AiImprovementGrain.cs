using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Ai;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.Grains.Ai.Drafting;
using Omniops.Actors.Grains.Ai.Minimisation;
using Orleans.Concurrency;

namespace Omniops.Actors.Grains.Ai.Improvement;

/// <summary>
/// Minimised transcripts for improvement use, computed on each call from the conversations (read as the caller, so
/// each read is audited like any other) and never kept. Refused unless the tenant opted in (<c>ai.trainingOptIn</c>).
/// Each transcript has its own references; status entries are left out.
/// </summary>
[StatelessWorker]
public sealed class AiImprovementGrain(Minimiser minimiser) : Grain, IAiImprovementGrain
{
    public const int MaxLimit = 20;
    public const int MaxMessages = 200;

    private string TenantId => this.GetPrimaryKeyString();

    public async Task<ImprovementPage> ListAsync(ConversationCursor? after, int limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new RequestValidationException($"limit must be 1-{MaxLimit}.");
        }

        var audit = GrainFactory.GetAuditLogGrain(TenantId);
        if (!(await GrainFactory.GetTenantGrain(TenantId).GetAiSettingsAsync()).TrainingOptIn)
        {
            await audit.AppendAsync(new AuditEntry("ai.improvement-data", AuditOutcomes.Denied, Details: new Dictionary<string, string> { ["reason"] = "no-opt-in" }));
            throw new AiRefusedException("This tenant has not opted in to training use (settings ai.trainingOptIn), so no improvement data is given.");
        }

        var page = await GrainFactory.GetConversationIndexGrain(TenantId).ListAsync(null, after, limit);
        var transcripts = new List<ImprovementTranscript>(page.Conversations.Count);
        foreach (var summary in page.Conversations)
        {
            var scope = minimiser.BeginScope(await KnownEntities.ReadAsync(GrainFactory, TenantId, summary.CustomerRef));
            var view = await GrainFactory.GetConversationGrain(TenantId, summary.ConversationId).GetAsync(0, MaxMessages);
            transcripts.Add(new ImprovementTranscript(summary.ConversationId,
                [.. view.Messages.Where(m => m.Kind != MessageKind.Status && m.Text is not null)
                    .Select(m => new ImprovementMessage(m.Kind.ToString().ToLowerInvariant(), scope.Minimise(m.Text!)))]));
        }

        await audit.AppendAsync(new AuditEntry("ai.improvement-data", AuditOutcomes.Success,
            Details: new Dictionary<string, string> { ["transcripts"] = transcripts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        return new ImprovementPage(transcripts, page.Next);
    }
}
