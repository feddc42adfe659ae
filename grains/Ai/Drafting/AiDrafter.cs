using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Orders;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.Grains.Ai.Minimisation;
using Omniops.Actors.Grains.Ai.Tools;

namespace Omniops.Actors.Grains.Ai.Drafting;

/// <summary>
/// The drafting pipeline: policy gates (AI configured, the tenant's <c>ai.enabled</c>, the provider's region in its
/// <c>ai.allowedRegions</c>) before any provider call; the conversation's known entities from the grains; one
/// <see cref="MinimisationScope"/> per draft (every message minimised as the chat history is composed, tool traffic
/// through <see cref="MinimisingFilter"/>); every registered <see cref="IAiToolProvider"/>'s plugin (built once per silo); the final text
/// re-identified. Each call is audited (<c>ai.draft</c>) with metadata only: provider host, model, region, token counts,
/// latency, tools called, outcome, an HMAC of the minimised prompt and a bounded preview of its opening (the
/// instructions). Nothing of the prompt or completion is kept, stored or logged. Each provider call is also counted in
/// <see cref="AiMetrics"/> (outcome, provider host, model; no tenant).
/// </summary>
public sealed partial class AiDrafter(AiProvider provider, Minimiser minimiser, IEnumerable<IAiToolProvider> tools, ILogger<AiDrafter> logger)
{
    // Built once per silo (reflection over the tools' methods, their parameters' schemas); a draft's own context travels
    // in its kernel's Data (AiToolContext.AttachTo), so the same plugins serve every draft.
    private readonly KernelPlugin[] _plugins = [.. tools.Select(tool => tool.Create())];

    /// <summary>How many of the latest entries the model sees.</summary>
    public const int MaxTurns = 40;

    /// <summary>The instructions: longer than the audit preview, so the preview never reaches conversation text.</summary>
    public const string Instructions =
        "You draft replies for a human customer-support agent of an online shop. A human reviews every draft before it is sent. " +
        "Personal values appear as references such as [CUSTOMER_1] or [ORDER_1]; use them as they are, never guess what they stand for. " +
        "Use the tools to look up order status or to hand the conversation to a human. Never promise refunds or cancellations yourself. " +
        "Answer with the reply text only, in the customer's language, briefly and politely.";

    /// <summary>
    /// Drafts a reply. Once the policy gates passed, the conversation's entries (<paramref name="readTurns"/>) and its
    /// customer with their orders (<paramref name="readOrders"/>: the customer's newest order ids to views, or null for
    /// <see cref="CustomerOrders.ReadAsync"/>) are read concurrently, each once: the orders serve minimisation and the
    /// tools alike.
    /// </summary>
    public async Task<DraftOutcome> DraftAsync(IGrainFactory grains, string tenantId, string conversationId, string customerRef,
        Func<Task<IReadOnlyList<DraftTurn>>> readTurns, Func<IReadOnlyList<string>, Task<IReadOnlyList<OrderView>>>? readOrders,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readTurns);
        var options = provider.Options;
        var audit = grains.GetAuditLogGrain(tenantId);
        if (!options.IsConfigured)
        {
            await audit.AppendAsync(new AuditEntry("ai.draft", AuditOutcomes.Denied, conversationId,
                new Dictionary<string, string> { ["reason"] = "not-configured" }, PersonalResource: true));
            throw AiProvider.NotConfigured();
        }

        // The conversation's own entries are read while the tenant's policy is checked (a refusal wastes one read of
        // this conversation, nothing else: the customer and their orders are read only once the gates passed).
        var turnsRead = readTurns();
        var settings = await grains.GetTenantGrain(tenantId).GetAiSettingsAsync();
        var refusal = !settings.Enabled
            ? "AI is not enabled for this tenant (settings ai.enabled); the provider was not called."
            : !settings.AllowedRegions.Contains(options.Region!, StringComparer.OrdinalIgnoreCase)
                ? $"The AI provider processes data in '{options.Region}', which is not in this tenant's ai.allowedRegions; the provider was not called."
                : null;
        if (refusal is not null)
        {
            // Nothing is read on its behalf once refused: the read is done with (its outcome does not matter) first.
            await ((Task)turnsRead).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
            await audit.AppendAsync(new AuditEntry("ai.draft", AuditOutcomes.Denied, conversationId,
                new Dictionary<string, string> { ["reason"] = settings.Enabled ? "region-not-allowed" : "disabled", ["region"] = options.Region! },
                PersonalResource: true));
            throw new AiRefusedException(refusal);
        }

        // The customer and their orders are read once (for minimisation, and kept for the tools of this draft); the
        // draft's kernel is put together meanwhile.
        var subjectRead = ReadSubjectAsync(grains, tenantId, customerRef, readOrders);
        var kernel = provider.CreateKernel();
        kernel.Plugins.AddRange(_plugins);
        await Task.WhenAll(turnsRead, subjectRead);
        var (customer, orders) = await subjectRead;
        var turns = await turnsRead;
        var scope = minimiser.BeginScope(KnownEntities.Of(customer, orders));
        var history = new ChatHistory(Instructions);
        var prompt = new StringBuilder(Instructions);
        foreach (var turn in turns.TakeLast(MaxTurns))
        {
            var text = scope.Minimise(turn.Text);
            prompt.Append('\n').Append(text);
            if (turn.Kind == MessageKind.Customer)
            {
                history.AddUserMessage(text);
            }
            else
            {
                history.AddAssistantMessage(text);
            }
        }

        var context = new AiToolContext(tenantId, conversationId, customerRef, orders);
        var filter = new MinimisingFilter(scope);
        context.AttachTo(kernel);

        kernel.FunctionInvocationFilters.Add(filter);
        kernel.AutoFunctionInvocationFilters.Add(filter);
        var execution = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(), MaxTokens = 800 };
        var started = Stopwatch.GetTimestamp();
        string? answer = null;
        var outcome = AuditOutcomes.Failure;
        var callOutcome = "error";
        try
        {
            var message = await kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history, execution, kernel, cancellationToken);
            filter.AddUsage(message.Metadata);
            answer = string.IsNullOrWhiteSpace(message.Content) ? null : scope.Reidentify(message.Content);
            outcome = answer is null ? AuditOutcomes.Failure : AuditOutcomes.Success;
            callOutcome = answer is null ? "empty" : "success";
        }
#pragma warning disable CA1031 // Whatever the SDK throws may carry the provider's answer; only its type is logged.
        catch (Exception exception) when (exception is not OrleansException)
#pragma warning restore CA1031
        {
            LogProviderFailed(logger, exception.GetType().Name);
            callOutcome = exception is TimeoutException or OperationCanceledException ? "timeout" : "error";
        }

        var latency = Stopwatch.GetElapsedTime(started);
        // Bounded, configured names only: never the tenant, the conversation or anything of the prompt.
        AiMetrics.RecordCall(callOutcome, options.ProviderHost!, options.Model!, latency, filter.PromptTokens + filter.CompletionTokens);

        var minimisedPrompt = prompt.ToString();
        await audit.AppendAsync(new AuditEntry("ai.draft", outcome, conversationId,
            Details: new Dictionary<string, string>
            {
                ["provider"] = options.ProviderHost!,
                ["model"] = options.Model!,
                ["region"] = options.Region!,
                ["promptTokens"] = filter.PromptTokens.ToString(CultureInfo.InvariantCulture),
                ["completionTokens"] = filter.CompletionTokens.ToString(CultureInfo.InvariantCulture),
                ["latencyMs"] = latency.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture),
                ["requests"] = filter.Requests.ToString(CultureInfo.InvariantCulture),
                ["tools"] = string.Join(',', filter.ToolsCalled),
                ["handOff"] = context.HandOffRequested ? "true" : "false",
            },
            Sensitive: new Dictionary<string, string> { ["prompt"] = minimisedPrompt },
            Previews: new Dictionary<string, string> { ["prompt"] = minimisedPrompt[..Math.Min(80, minimisedPrompt.Length)] },
            PersonalResource: true));
        if (answer is null)
        {
            throw new AiUnavailableException("The AI provider did not answer with a usable draft; try again or reply as a human agent.");
        }

        return new DraftOutcome(answer, [.. context.ProposedActions], context.HandOffRequested, settings.AutoSend);
    }

    private static async Task<(CustomerView Customer, IReadOnlyList<OrderView> Orders)> ReadSubjectAsync(IGrainFactory grains, string tenantId, string customerRef,
        Func<IReadOnlyList<string>, Task<IReadOnlyList<OrderView>>>? readOrders)
    {
        var customer = await grains.GetCustomerGrain(tenantId, customerRef).GetAsync();
        var orders = readOrders is null
            ? await CustomerOrders.ReadAsync(grains, tenantId, customer)
            : await readOrders([.. customer.OrderIds.TakeLast(CustomerOrders.MaxOrders)]);
        return (customer, orders);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The AI provider call failed with {ExceptionType}")]
    private static partial void LogProviderFailed(ILogger logger, string exceptionType);
}
