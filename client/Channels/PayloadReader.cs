using System.Globalization;
using System.Text.Json;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// Lenient reading of platform payloads, which carry many members we do not use: optional members may be absent or
/// null; a member that is present with the wrong type is a <see cref="FormatException"/> naming the member (never
/// its value). Ids come as JSON numbers (Shopify, beyond 2^53) or strings (WhatsApp) and are kept as their text.
/// </summary>
public static class PayloadReader
{
    public static string? String(JsonElement element, string name) =>
        Member(element, name) is { } value
            ? value.ValueKind == JsonValueKind.String ? Text(value, name) : throw Wrong(name, "a string")
            : null;

    public static string RequiredString(JsonElement element, string name) =>
        String(element, name) is { Length: > 0 } value ? value : throw new FormatException($"'{name}' is required.");

    /// <summary>An id as its text: a JSON integer (kept exactly, never through a double) or a string.</summary>
    public static string? Id(JsonElement element, string name) => Member(element, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => Text(text, name),
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var id) => id.ToString(CultureInfo.InvariantCulture),
        _ => throw Wrong(name, "an integer or string id"),
    };

    public static string RequiredId(JsonElement element, string name) =>
        Id(element, name) is { Length: > 0 } id ? id : throw new FormatException($"'{name}' is required.");

    public static int Int(JsonElement element, string name) => Member(element, name) switch
    {
        null => 0,
        { ValueKind: JsonValueKind.Number } number when number.TryGetInt32(out var value) => value,
        _ => throw Wrong(name, "an integer"),
    };

    /// <summary>A decimal amount as the platform wrote it (Shopify mixes strings and numbers).</summary>
    public static string? Amount(JsonElement element, string name) => Member(element, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } text => Text(text, name),
        { ValueKind: JsonValueKind.Number } number => number.GetRawText(),
        _ => throw Wrong(name, "an amount"),
    };

    public static DateTimeOffset? Time(JsonElement element, string name) =>
        String(element, name) is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : throw Wrong(name, "an ISO-8601 time")
            : null;

    /// <summary>Unix seconds written as a string (WhatsApp).</summary>
    public static DateTimeOffset? UnixSeconds(JsonElement element, string name) =>
        String(element, name) is { } text
            ? long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(seconds) : throw Wrong(name, "unix seconds")
            : null;

    public static JsonElement? Object(JsonElement element, string name) =>
        Member(element, name) is { } value
            ? value.ValueKind == JsonValueKind.Object ? value : throw Wrong(name, "an object")
            : null;

    public static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        Member(element, name) is { } value
            ? value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw Wrong(name, "an array")
            : [];

    /// <summary>
    /// A string value's text. A <c>\u</c> escape of a lone UTF-16 surrogate (<c>"\ud800x"</c>) is valid JSON syntax that
    /// no string can hold: System.Text.Json throws InvalidOperationException when it unescapes one; here it is malformed input.
    /// </summary>
    public static string Text(JsonElement value, string name)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Wrong(name, "a string of Unicode text (no lone surrogate escape)");
        }
    }

    /// <summary>
    /// Parses a platform body: UTF-8 (<see cref="RequireUtf8"/>), at most 64 levels deep, no member named twice. A lone
    /// surrogate escape (<c>"\ud800"</c>) in a member name is a <see cref="FormatException"/>: System.Text.Json throws
    /// InvalidOperationException when it unescapes the names to look for duplicates.
    /// </summary>
    public static JsonDocument Parse(byte[] body)
    {
        RequireUtf8(body);
        try
        {
            return JsonDocument.Parse(body, Http.GatewayJson.PlatformDocumentOptions);
        }
        catch (InvalidOperationException)
        {
            throw new FormatException("A member name is not Unicode text (a lone surrogate escape).");
        }
    }

    private static JsonElement? Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static FormatException Wrong(string name, string expected) => new($"'{name}' must be {expected}.");

    /// <summary>
    /// JSON is UTF-8 (RFC 8259): a body that is not — bytes no string can hold, even inside a JSON string, where the
    /// parser would only notice when the string is read — is malformed input, refused before it is parsed.
    /// </summary>
    public static void RequireUtf8(byte[] body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw new FormatException("The body is not valid UTF-8.");
        }
    }
}
