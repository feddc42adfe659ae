using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Omniops.Actors.Tests.Ai;

/// <summary>
/// A local OpenAI-compatible chat-completions server on 127.0.0.1 that records every request. It answers a request
/// that offers the <c>order_status</c> tool and carries no tool result yet with a call of that tool for
/// <c>[ORDER_1]</c> (or the <see cref="Tool"/> set: <c>propose_refund</c> of <see cref="RefundAmount"/>, <c>hand_off_to_human</c>); otherwise with <see cref="Reply"/> (which mentions references) as the final text.
/// It keeps the time it spends per request, from the handler's start to the completed response (<see cref="ServerTime"/>),
/// so the draft benchmark (bench/, which links this file) can subtract the "model's" own time.
/// </summary>
public sealed class FakeOpenAi : IAsyncDisposable
{
    public const string Model = "fake-support-model";

    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private WebApplication? _app;
    private long _serverTicks;
    private long _requestCount;

    public string CompletionCanary { get; } = "CANARY-COMPLETION-" + Guid.NewGuid().ToString("N");

    /// <summary>The final text the fake answers (references the pipeline must re-identify).</summary>
    public string Reply => $"Hello [CUSTOMER_1], your order [ORDER_1] is on its way. {CompletionCanary}";

    /// <summary>Whether the first answer calls a tool (true) or answers text at once.</summary>
    public bool CallTool { get; set; } = true;

    /// <summary>Which tool the first answer calls (<c>order_status</c> with <c>[ORDER_1]</c>, or <c>hand_off_to_human</c>).</summary>
    public string Tool { get; set; } = "order_status";

    /// <summary>The amount a <c>propose_refund</c> call asks for (for <c>[ORDER_1]</c>, in GBP).</summary>
    public decimal RefundAmount { get; set; } = 40m;

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>
    /// Whether each request's body is kept in <see cref="Requests"/> (the tests read them). A benchmark turns it off:
    /// a real provider keeps nothing in the silo's heap, and thousands of kept bodies would make every garbage
    /// collection of the process slower.
    /// </summary>
    public bool KeepRequests { get; set; } = true;

    /// <summary>How many requests the fake answered, kept or not.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>The time spent inside the handler over all requests so far (reading the body to the response completed).</summary>
    public TimeSpan ServerTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _serverTicks));

    public void Clear() => _requests.Clear();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", HandleAsync);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First().TrimEnd('/') + "/v1");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        Interlocked.Increment(ref _requestCount);
        if (KeepRequests)
        {
            _requests.Enqueue(new RecordedRequest(body, context.Request.Headers.Authorization.ToString()));
        }

        var request = JsonNode.Parse(body)!;
        var toolName = request["tools"]?.AsArray().Select(t => t?["function"]?["name"]?.GetValue<string>())
            .FirstOrDefault(n => n is not null && n.EndsWith(Tool, StringComparison.Ordinal));
        var hasToolResult = request["messages"]!.AsArray().Any(m => m?["role"]?.GetValue<string>() == "tool");
        JsonObject message = CallTool && toolName is not null && !hasToolResult
            ? new JsonObject
            {
                ["role"] = "assistant",
                ["content"] = null,
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["id"] = "call_1",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = toolName, ["arguments"] = Arguments() },
                }),
            }
            : new JsonObject { ["role"] = "assistant", ["content"] = Reply };
        var answer = new JsonObject
        {
            ["id"] = "chatcmpl-" + RequestCount,
            ["object"] = "chat.completion",
            ["created"] = 1_767_225_600,
            ["model"] = Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = message.ContainsKey("tool_calls") ? "tool_calls" : "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 120, ["completion_tokens"] = 17, ["total_tokens"] = 137 },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
        await context.Response.CompleteAsync();
        Interlocked.Add(ref _serverTicks, Stopwatch.GetTimestamp() - started);
    }

    private string Arguments() => Tool switch
    {
        "order_status" => "{\"order\":\"[ORDER_1]\"}",
        "propose_refund" => "{\"order\":\"[ORDER_1]\",\"amount\":" + RefundAmount.ToString(System.Globalization.CultureInfo.InvariantCulture) +
            ",\"currency\":\"GBP\",\"reason\":\"The shirt arrived torn\"}",
        _ => "{\"reason\":\"upset customer\"}",
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>One request the fake received: its raw JSON body and Authorization header.</summary>
public sealed record RecordedRequest(string Body, string Authorization)
{
    /// <summary>Every string value of the body (nested tool-call arguments included), JSON escapes decoded.</summary>
    public string Strings()
    {
        var output = new StringBuilder();
        Collect(JsonDocument.Parse(Body).RootElement, output);
        return output.ToString();
    }

    private static void Collect(JsonElement element, StringBuilder output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, output);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, output);
                }

                break;
            case JsonValueKind.String:
                output.Append(element.GetString()).Append('\n');
                break;
        }
    }
}
