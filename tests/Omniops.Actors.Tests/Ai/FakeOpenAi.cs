using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
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
        // The body is scanned where it lies (no copy, no DOM) and the answer written straight into the response: the
        // benchmark hosts this fake in the silo's process, where a real provider would allocate nothing.
        var started = Stopwatch.GetTimestamp();
        var input = context.Request.BodyReader;
        var read = await input.ReadAsync();
        while (!read.IsCompleted)
        {
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await input.ReadAsync();
        }

        var count = Interlocked.Increment(ref _requestCount);
        if (KeepRequests)
        {
            _requests.Enqueue(new RecordedRequest(Encoding.UTF8.GetString(read.Buffer), context.Request.Headers.Authorization.ToString()));
        }

        var (toolName, hasToolResult) = Scan(read.Buffer, Tool);
        input.AdvanceTo(read.Buffer.End);
        context.Response.ContentType = "application/json";
        WriteAnswer(context.Response.BodyWriter, count, CallTool && toolName is not null && !hasToolResult ? toolName : null);
        await context.Response.BodyWriter.FlushAsync();
        await context.Response.CompleteAsync();
        Interlocked.Add(ref _serverTicks, Stopwatch.GetTimestamp() - started);
    }

    /// <summary>
    /// The first offered tool whose name ends with <paramref name="tool"/> (<c>tools[].function.name</c>), and whether
    /// any message is a tool result (<c>messages[].role</c> is <c>tool</c>).
    /// </summary>
    private static (string? ToolName, bool HasToolResult) Scan(ReadOnlySequence<byte> body, string tool)
    {
        // The property name at each depth on the path to the current token: root properties sit at depth 1, the
        // properties of an array element's object at 3, those of an object inside it at 4.
        Span<Name> path = stackalloc Name[64];
        var reader = new Utf8JsonReader(body);
        string? toolName = null;
        var hasToolResult = false;
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            if (depth >= path.Length)
            {
                continue;
            }

            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                path[depth] = reader.ValueTextEquals("tools"u8) ? Name.Tools
                    : reader.ValueTextEquals("messages"u8) ? Name.Messages
                    : reader.ValueTextEquals("function"u8) ? Name.Function
                    : reader.ValueTextEquals("name"u8) ? Name.Name
                    : reader.ValueTextEquals("role"u8) ? Name.Role
                    : Name.Other;
            }
            else if (reader.TokenType == JsonTokenType.String)
            {
                if (depth == 4 && toolName is null && path[1] == Name.Tools && path[3] == Name.Function && path[4] == Name.Name &&
                    reader.GetString() is { } name && name.EndsWith(tool, StringComparison.Ordinal))
                {
                    toolName = name;
                }
                else if (depth == 3 && path[1] == Name.Messages && path[3] == Name.Role && reader.ValueTextEquals("tool"u8))
                {
                    hasToolResult = true;
                }
            }
        }

        return (toolName, hasToolResult);
    }

    private void WriteAnswer(IBufferWriter<byte> output, long count, string? toolName)
    {
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("id", "chatcmpl-" + count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("object", "chat.completion");
        json.WriteNumber("created", 1_767_225_600);
        json.WriteString("model", Model);
        json.WriteStartArray("choices");
        json.WriteStartObject();
        json.WriteNumber("index", 0);
        json.WriteStartObject("message");
        json.WriteString("role", "assistant");
        if (toolName is not null)
        {
            json.WriteNull("content");
            json.WriteStartArray("tool_calls");
            json.WriteStartObject();
            json.WriteString("id", "call_1");
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", toolName);
            json.WriteString("arguments", Arguments());
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }
        else
        {
            json.WriteString("content", Reply);
        }

        json.WriteEndObject();
        json.WriteString("finish_reason", toolName is not null ? "tool_calls" : "stop");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", 120);
        json.WriteNumber("completion_tokens", 17);
        json.WriteNumber("total_tokens", 137);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private enum Name : byte
    {
        Other,
        Tools,
        Messages,
        Function,
        Name,
        Role,
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
