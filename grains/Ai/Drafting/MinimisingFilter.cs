using System.Text.Json;
using Microsoft.SemanticKernel;
using Omniops.Actors.Grains.Ai.Minimisation;
using OpenAI.Chat;

namespace Omniops.Actors.Grains.Ai.Drafting;

/// <summary>
/// Where one draft's tool traffic passes the minimiser, hooked as Semantic Kernel intends. As a function-invocation
/// filter it resolves the scope's references in every argument just before the tool runs (and puts them back after,
/// so the chat history sent on holds only references), minimises every result before it returns to the model, and
/// turns a tool's failure into a neutral result (Semantic Kernel would otherwise send the exception's message). As an
/// auto-function-invocation filter it records which tools were called and the token usage of each intermediate answer.
/// </summary>
public sealed class MinimisingFilter(MinimisationScope scope) : IFunctionInvocationFilter, IAutoFunctionInvocationFilter
{
    private const string ToolFailed = "{\"error\":\"The tool could not answer. Tell the customer a colleague will follow up.\"}";

    public List<string> ToolsCalled { get; } = [];

    public int PromptTokens { get; private set; }

    public int CompletionTokens { get; private set; }

    public int Requests { get; private set; }

    public async Task OnFunctionInvocationAsync(FunctionInvocationContext context, Func<FunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var originals = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in context.Arguments.Names.ToArray())
        {
            var value = context.Arguments[name];
            var text = value switch
            {
                string s => s,
                JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
                JsonElement e => e.GetRawText(),
                _ => null,
            };
            if (text is not null)
            {
                originals[name] = value;
                context.Arguments[name] = scope.Reidentify(text);
            }
        }

        try
        {
            await next(context);
            var result = context.Result.GetValue<object>();
            var raw = result switch
            {
                null => string.Empty,
                string s => s,
                _ => JsonSerializer.Serialize(result),
            };
            context.Result = new FunctionResult(context.Result, scope.Minimise(raw));
        }
#pragma warning disable CA1031 // Whatever a tool throws, the model gets a neutral result, never the exception's text.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            context.Result = new FunctionResult(context.Function, ToolFailed);
        }
        finally
        {
            foreach (var (name, value) in originals)
            {
                context.Arguments[name] = value;
            }
        }
    }

    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.FunctionSequenceIndex == 0)
        {
            AddUsage(context.ChatMessageContent.Metadata);
        }

        ToolsCalled.Add(context.Function.PluginName is { } plugin ? plugin + "." + context.Function.Name : context.Function.Name);
        await next(context);
    }

    /// <summary>Adds one provider answer's token usage (its <c>Usage</c> metadata) and counts the request.</summary>
    public void AddUsage(IReadOnlyDictionary<string, object?>? metadata)
    {
        Requests++;
        if (metadata is not null && metadata.TryGetValue("Usage", out var usage) && usage is ChatTokenUsage tokens)
        {
            PromptTokens += tokens.InputTokenCount;
            CompletionTokens += tokens.OutputTokenCount;
        }
    }
}
