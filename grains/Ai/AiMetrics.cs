using System.Diagnostics.Metrics;
using Omniops.Actors.GrainInterfaces.Metrics;

namespace Omniops.Actors.Grains.Ai;

/// <summary>
/// Calls to an AI provider: <c>omniops_ai_calls_total{outcome, provider, model}</c>, their duration
/// <c>omniops_ai_call_duration_seconds{outcome, provider}</c> and the tokens they used
/// <c>omniops_ai_tokens_total{provider, model}</c>. Outcome, provider and model are bounded, configured names (never a
/// prompt, a tenant or a customer); whatever calls a provider records each call once with <see cref="RecordCall"/>.
/// </summary>
public static class AiMetrics
{
    private static readonly Counter<long> Calls = OmniopsMeter.Meter.CreateCounter<long>(
        "omniops.ai.calls", "{call}", "Calls to an AI provider, by outcome, provider and model.");

    private static readonly Histogram<double> Duration = OmniopsMeter.Meter.CreateHistogram<double>(
        "omniops.ai.call.duration", "s", "Time an AI provider took to answer, by outcome and provider.");

    private static readonly Counter<long> Tokens = OmniopsMeter.Meter.CreateCounter<long>(
        "omniops.ai.tokens", "{token}", "Tokens used by AI calls, by provider and model.");

    /// <summary>Records one call: <paramref name="outcome"/> such as <c>success</c>, <c>refused</c>, <c>timeout</c>, <c>error</c>.</summary>
    public static void RecordCall(string outcome, string provider, string model, TimeSpan latency, long tokens)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outcome);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Calls.Add(1, new("outcome", outcome), new("provider", provider), new("model", model));
        Duration.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("provider", provider));
        if (tokens > 0)
        {
            Tokens.Add(tokens, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("model", model));
        }
    }
}
