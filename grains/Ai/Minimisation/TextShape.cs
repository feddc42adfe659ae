using System.Buffers;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// Cheap, allocation-free questions about a text's shape that let a detector skip its patterns when they cannot
/// match (too few digits, no digit run of the length a value needs), so the expensive work runs only where a value can be.
/// </summary>
internal static class TextShape
{
    /// <summary>How many '.' in <paramref name="text"/> have an ASCII digit on both sides ("1.2"), counting no further than <paramref name="enough"/>.</summary>
    public static int CountDotsBetweenDigits(ReadOnlySpan<char> text, int enough = int.MaxValue)
    {
        var count = 0;
        for (var at = text.IndexOf('.'); at >= 0 && count < enough;)
        {
            if (at > 0 && at + 1 < text.Length && char.IsAsciiDigit(text[at - 1]) && char.IsAsciiDigit(text[at + 1]))
            {
                count++;
            }

            var next = text[(at + 1)..].IndexOf('.');
            at = next < 0 ? -1 : at + 1 + next;
        }

        return count;
    }

    /// <summary>
    /// The lengths of <paramref name="text"/>'s runs of consecutive ASCII digits, as a mask: bit n is set when a run has
    /// exactly n digits (bit 31: 31 digits or more). One pass answers every "a run of min to max digits?" question.
    /// </summary>
    public static uint DigitRunLengths(ReadOnlySpan<char> text)
    {
        var lengths = 0u;
        for (var at = text.IndexOfAnyInRange('0', '9'); at >= 0; at = text.IndexOfAnyInRange('0', '9'))
        {
            text = text[at..];
            var run = text.IndexOfAnyExceptInRange('0', '9');
            var length = run < 0 ? text.Length : run;
            lengths |= 1u << Math.Min(length, 31);
            if (run < 0)
            {
                break;
            }

            text = text[run..];
        }

        return lengths;
    }

    /// <summary>Whether <paramref name="lengths"/> (from <see cref="DigitRunLengths"/>) has a run of between <paramref name="min"/> and <paramref name="max"/> digits (at most 30).</summary>
    public static bool HasRun(uint lengths, int min, int max) => (lengths & (((1u << (max + 1)) - 1) & ~((1u << min) - 1))) != 0;

    /// <summary>
    /// Whether <paramref name="text"/> has a group of at least <paramref name="digits"/> ASCII digits in which each
    /// digit follows the one before directly or across at most <paramref name="gap"/> characters of <paramref name="separators"/>.
    /// </summary>
    public static bool HasDigitGroup(ReadOnlySpan<char> text, int digits, int gap, SearchValues<char> separators)
    {
        var at = text.IndexOfAnyInRange('0', '9');
        if (at < 0)
        {
            return false;
        }

        // One pass from the first digit: count the group's digits and the separators since its last one.
        var count = 0;
        var pending = 0;
        for (; at < text.Length; at++)
        {
            var ch = text[at];
            if (char.IsAsciiDigit(ch))
            {
                if (++count >= digits)
                {
                    return true;
                }

                pending = 0;
            }
            else if (pending < gap && separators.Contains(ch))
            {
                pending++;
            }
            else
            {
                // The group ends here; the next digit begins another.
                count = 0;
                pending = 0;
                var next = text[(at + 1)..].IndexOfAnyInRange('0', '9');
                if (next < 0)
                {
                    return false;
                }

                at += next; // the loop's increment lands on that digit
            }
        }

        return false;
    }
}
