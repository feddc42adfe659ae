using System.ComponentModel;
using Microsoft.SemanticKernel;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Ai;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>
/// <c>support.hand_off_to_human</c>: the model asks for a human to take over. It proposes a <c>handoff</c> action
/// (so the draft is never auto-sent) and changes nothing itself; the model's stated reason is not kept.
/// </summary>
public sealed class HandOffToolProvider : IAiToolProvider
{
    public const string PluginName = "support";
    public const string FunctionName = "hand_off_to_human";
    public const string ActionKind = "handoff";

    public KernelPlugin Create() => KernelPluginFactory.CreateFromFunctions(PluginName,
        [KernelFunctionFactory.CreateFromMethod(
            (Kernel kernel, [Description("Why a human should take over, in a few words")] string reason) =>
            {
                _ = reason;
                var context = AiToolContext.Of(kernel);
                if (!context.HandOffRequested)
                {
                    context.HandOffRequested = true;
                    context.ProposedActions.Add(new ProposedAction(GrainKeys.NewLocalId('a'), ActionKind, string.Empty, null, null, "requested", false));
                }

                return "{\"handedOff\":true,\"note\":\"A human colleague will take over; tell the customer so.\"}";
            },
            FunctionName,
            "Hands this conversation to a human agent when the request is sensitive, unclear or outside what the tools can do.")]);
}
