namespace Omniops.Actors.Tests.Operations;

/// <summary>
/// Reads the normalized YAML that <c>docker-compose config</c> prints, line by line (no YAML package): both the
/// docker-compose v1 rendering (short port syntax, unindented sequences) and the v2 one (long port syntax).
/// </summary>
internal static class ComposeYaml
{
    /// <summary>
    /// The lines under <paramref name="key"/> written at <paramref name="indent"/>: deeper lines, and list items at
    /// the same indent (docker-compose v1 does not indent sequences). Empty when the key is absent.
    /// </summary>
    internal static List<string> Child(List<string> lines, string key, int indent)
    {
        var prefix = new string(' ', indent) + key + ":";
        var start = lines.FindIndex(l => l == prefix || l.StartsWith(prefix + " ", StringComparison.Ordinal));
        if (start < 0)
        {
            return [];
        }

        return lines
            .Skip(start + 1)
            .TakeWhile(l => l.Trim().Length == 0 || Indent(l) > indent || (Indent(l) == indent && l.TrimStart().StartsWith("- ", StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>The <c>environment</c> map of a service block; folded continuation lines are joined.</summary>
    internal static Dictionary<string, string> EnvironmentOf(List<string> service)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var line in Child(service, "environment", 4))
        {
            if (Indent(line) == 6 && line.Contains(':', StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                last = line[..colon].Trim();
                environment[last] = Unquote(line[(colon + 1)..]);
            }
            else if (last is not null && line.Trim().Length > 0)
            {
                environment[last] = Unquote(environment[last] + " " + line.Trim());
            }
        }

        return environment;
    }

    /// <summary>Published ports as (host address, host port, container port); an empty host address means all interfaces.</summary>
    internal static List<(string HostIp, string Published, string Target)> PublishedPorts(List<string> service)
    {
        var items = new List<List<string>>();
        foreach (var line in Child(service, "ports", 4))
        {
            var text = line.Trim();
            if (text.StartsWith("- ", StringComparison.Ordinal))
            {
                items.Add([text[2..].Trim()]);
            }
            else if (text.Length > 0 && items.Count > 0)
            {
                items[^1].Add(text);
            }
        }

        return items.Select(ParsePort).ToList();
    }

    internal static (string HostIp, string Published, string Target) ParsePort(List<string> item)
    {
        if (item.Count == 1 && !item[0].Contains(": ", StringComparison.Ordinal))
        {
            // Short syntax: [host_ip:][published:]target[/protocol]
            var parts = Unquote(item[0]).Split('/')[0].Split(':');
            return parts.Length switch
            {
                1 => ("", "(ephemeral)", parts[0]),
                2 => ("", parts[0], parts[1]),
                _ => (string.Join(':', parts[..^2]), parts[^2], parts[^1]),
            };
        }

        var fields = item
            .Where(l => l.Contains(':', StringComparison.Ordinal))
            .Select(l => (Key: l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), Value: Unquote(l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..])))
            .GroupBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
        return (fields.GetValueOrDefault("host_ip", ""), fields.GetValueOrDefault("published", "(ephemeral)"), fields.GetValueOrDefault("target", "?"));
    }

    internal static string Unquote(string value)
    {
        var trimmed = value.Trim();
        return trimmed.Length >= 2 && (trimmed[0] == '\'' || trimmed[0] == '"') && trimmed[^1] == trimmed[0]
            ? trimmed[1..^1]
            : trimmed;
    }

    internal static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
}
