using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>IPv4 addresses (four octets 0–255, not part of a longer dotted number) and IPv6 addresses (that parse).</summary>
public sealed partial class IpAddressDetector : IEntityDetector
{
    public void Detect(string text, List<MinimisedSpan> found)
    {
        foreach (var match in Version4().EnumerateMatches(text))
        {
            found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.IpAddress));
        }

        foreach (var match in Version6Candidate().EnumerateMatches(text))
        {
            var candidate = text.AsSpan(match.Index, match.Length);
            if (candidate.Count(':') >= 2 && IPAddress.TryParse(candidate, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                found.Add(new MinimisedSpan(match.Index, match.Length, EntityKind.IpAddress));
            }
        }
    }

    [GeneratedRegex(@"(?<![\w.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?![\w]|\.[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Version4();

    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,7}[0-9A-Fa-f]{0,4}(?:(?<=:)[0-9]{1,3}(?:\.[0-9]{1,3}){3})?(?![\w:])", RegexOptions.CultureInvariant)]
    private static partial Regex Version6Candidate();
}
