using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>IPv4 addresses (four octets 0–255, not part of a longer dotted number) and IPv6 addresses (that parse).</summary>
public sealed partial class IpAddressDetector : IEntityDetector
{
    public void Detect(string text, List<MinimisedSpan> found)
    {
        // An IPv4 address has three dots, each between two digits.
        if (TextShape.CountDotsBetweenDigits(text, 3) >= 3)
        {
            foreach (var match in Version4().EnumerateMatches(text))
            {
                found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.IpAddress));
            }
        }

        // IPv6: around each colon, the longest run of hex digits, colons and dots; at least two colons and it parses.
        var from = 0;
        while (from < text.Length)
        {
            var colon = text.IndexOf(':', from);
            if (colon < 0)
            {
                break;
            }

            var start = colon;
            while (start > 0 && IsAddressChar(text[start - 1]))
            {
                start--;
            }

            var end = colon;
            while (end < text.Length && IsAddressChar(text[end]))
            {
                end++;
            }

            from = end + 1;
            var candidate = text.AsSpan(start, end - start).TrimEnd('.');
            var before = start > 0 ? text[start - 1] : ' ';
            var after = start + candidate.Length < text.Length ? text[start + candidate.Length] : ' ';
            if (candidate.Count(':') >= 2 && !char.IsLetterOrDigit(before) && !char.IsLetterOrDigit(after)
                && IPAddress.TryParse(candidate, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                found.Add(new MinimisedSpan(start, candidate.Length, EntityKind.IpAddress));
            }
        }
    }

    private static bool IsAddressChar(char ch) => char.IsAsciiHexDigit(ch) || ch is ':' or '.';

    [GeneratedRegex(@"(?<![\w.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?![\w]|\.[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Version4();
}
