using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// FsCheck generators of hostile JSON bodies: mutations of a valid seed (bit flips, truncation, spliced fragments, a
/// member's value swapped for a wrong type, a member named twice, invalid UTF-8 inside a string) and bodies of their
/// own (deep nesting, huge strings, random bytes, empty).
/// </summary>
public static class HostileJson
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\u0000", "null", "true", "1e999", "-0", "NaN", "Infinity",
        "99999999999999999999999999999", "/*c*/", "\u0000", "\uFEFF", "\"\":\"\"", ",,", "{\"a\":", "]]]]", "\t\r\n",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xC3, 0x28], [0xFF], [0xFE, 0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0x80],
    ];

    /// <summary>Wrong-typed values for a member: every JSON kind, extremes, nesting, long text.</summary>
    private static readonly Gen<JsonNode?> WrongValue = Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        Gen.Elements<JsonNode?>(JsonValue.Create(true), JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(long.MaxValue),
            JsonValue.Create(1.5e300), JsonValue.Create(""), JsonValue.Create(" "), JsonValue.Create("\u0000"), JsonValue.Create("\u202E\u200B"),
            JsonValue.Create("1970-13-45T99:99:99Z"), JsonValue.Create("-1"), JsonValue.Create("NaN")),
        Gen.Choose(0, 40).Select(n => (JsonNode?)JsonValue.Create(new string('9', n + 1))),
        Gen.Choose(1, 70_000).Select(n => (JsonNode?)JsonValue.Create(new string('x', n))),
        Gen.Constant<JsonNode?>(new JsonArray()),
        Gen.Constant<JsonNode?>(new JsonObject()),
        Gen.Choose(1, 40).Select(n => (JsonNode?)Nested(n)));

    /// <summary>A hostile body derived from one of <paramref name="seeds"/> or made from scratch.</summary>
    public static Gen<byte[]> Body(IReadOnlyList<byte[]> seeds)
    {
        var seed = Gen.Elements(seeds.ToArray());
        return Gen.Frequency(
            (6, seed.SelectMany(s => Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, (s.Length * 8) - 1), n)).Select(bits => FlipBits(s, bits)))),
            (4, seed.SelectMany(s => Gen.Choose(0, s.Length).Select(at => s[..at]))),
            (6, seed.SelectMany(s => Gen.Zip(Gen.Choose(0, s.Length), Gen.Elements(Fragments)).Select(p => Splice(s, p.Item1, Encoding.UTF8.GetBytes(p.Item2))))),
            (10, seed.SelectMany(s => Gen.Zip(Gen.Choose(0, int.MaxValue), WrongValue).Select(p => SwapValue(s, p.Item1, p.Item2)))),
            (3, seed.SelectMany(s => Gen.Choose(0, int.MaxValue).Select(i => DuplicateMember(s, i)))),
            (5, seed.SelectMany(s => Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Elements(InvalidUtf8)).Select(p => IntoString(s, p.Item1, p.Item2)))),
            (3, Gen.Choose(1, 20_000).Select(n => Encoding.ASCII.GetBytes(new string('[', n) + new string(']', n)))),
            (3, Gen.Choose(1, 3_000).Select(n => Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n)))),
            (2, Gen.Choose(1, 4_000).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n))),
            (1, Gen.Choose(900, 1_300).Select(k => Encoding.ASCII.GetBytes("{\"text\":\"" + new string('y', k * 1024) + "\"}"))),
            (1, Gen.Elements(Array.Empty<byte>(), "null"u8.ToArray(), "[]"u8.ToArray(), "{}"u8.ToArray(), "\"\""u8.ToArray(), "0"u8.ToArray(), "\uFEFF{}"u8.ToArray())));
    }

    /// <summary>A body that no route accepts: the seed plus a member no schema knows, or broken past repair.</summary>
    public static Gen<byte[]> NeverValid(IReadOnlyList<byte[]> seeds) =>
        Body(seeds).SelectMany(body => Gen.Elements(
            Encoding.UTF8.GetBytes("{\"__fuzz\":1,"), Encoding.UTF8.GetBytes("{\"__fuzz\":[[[{}]]],"), Encoding.UTF8.GetBytes("\u0001"))
            .Select(prefix => body.Length > 0 && body[0] == (byte)'{' ? [.. prefix, .. body[1..]] : (byte[])[.. prefix, .. body]));

    /// <summary>
    /// A body that no route accepts, with the parser made to read all of it first: a member no schema knows goes last in
    /// the outermost object (a body that does not end in <c>}</c> is no JSON object, so no route takes it either).
    /// </summary>
    public static Gen<byte[]> NeverValidLast(IReadOnlyList<byte[]> seeds) =>
        Body(seeds).Select(body =>
        {
            var end = body.Length;
            while (end > 0 && body[end - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                end--;
            }

            return end > 0 && body[end - 1] == (byte)'}' ? (byte[])[.. body[..(end - 1)], .. ",\"__fuzz\":1}"u8] : body;
        });

    public static JsonNode Nested(int depth)
    {
        JsonNode node = JsonValue.Create(depth);
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["n"] = node };
        }

        return node;
    }

    private static byte[] FlipBits(byte[] seed, int[] bits)
    {
        var copy = (byte[])seed.Clone();
        foreach (var bit in bits)
        {
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        return copy;
    }

    private static byte[] Splice(byte[] seed, int at, byte[] fragment) => [.. seed[..at], .. fragment, .. seed[at..]];

    /// <summary>Replaces the value of the <paramref name="pick"/>-th member or element (modulo their number).</summary>
    private static byte[] SwapValue(byte[] seed, int pick, JsonNode? shared)
    {
        var value = shared?.DeepClone();
        var root = JsonNode.Parse(seed)!;
        var places = new List<(JsonNode Parent, object Key)>();
        Collect(root, places);
        if (places.Count == 0)
        {
            return seed;
        }

        var (parent, key) = places[pick % places.Count];
        if (parent is JsonObject obj)
        {
            obj[(string)key] = value;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static void Collect(JsonNode node, List<(JsonNode Parent, object Key)> places)
    {
        if (node is JsonObject obj)
        {
            foreach (var (name, child) in obj.ToList())
            {
                places.Add((obj, name));
                if (child is not null)
                {
                    Collect(child, places);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                places.Add((array, i));
                if (array[i] is { } child)
                {
                    Collect(child, places);
                }
            }
        }
    }

    /// <summary>Writes a member of the outermost object twice (its first member, repeated with another value).</summary>
    private static byte[] DuplicateMember(byte[] seed, int pick)
    {
        var text = Encoding.UTF8.GetString(seed);
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var colon = text.IndexOf(':', open + 1);
        if (open < 0 || colon < 0)
        {
            return seed;
        }

        var name = text[(open + 1)..colon].Trim();
        var value = (pick % 3) switch { 0 => "null", 1 => "\"dup\"", _ => pick.ToString(CultureInfo.InvariantCulture) };
        return Encoding.UTF8.GetBytes(text[..(open + 1)] + name + ":" + value + "," + text[(open + 1)..]);
    }

    /// <summary>Puts invalid UTF-8 right after the opening quote of the <paramref name="pick"/>-th string (or at the end).</summary>
    private static byte[] IntoString(byte[] seed, int pick, byte[] invalid)
    {
        var quotes = seed.Select((b, i) => (b, i)).Where(p => p.b == (byte)'"').Select(p => p.i).ToArray();
        var at = quotes.Length == 0 ? seed.Length : quotes[pick % quotes.Length] + 1;
        return Splice(seed, at, invalid);
    }
}
