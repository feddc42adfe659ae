using System.Buffers;

namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>
/// Cheap, allocation-free questions about a text's shape that let a detector skip its patterns when they cannot
/// match (too few digits, no digit run of the length a value needs), so the expensive work runs only where a value can be.
/// </summary>
internal static class TextShape
{
    /// <summary>How many ASCII digits <paramref name="text"/> holds, counting no further than <paramref name="enough"/>.</summary>
    public static int CountDigits(ReadOnlySpan<char> text, int enough = int.MaxValue)
    {
        var count = 0;
        for (var at = text.IndexOfAnyInRange('0', '9'); at >= 0 && count < enough; at = text.IndexOfAnyInRange('0', '9'))
        {
            text = text[at..];
            var run = text.IndexOfAnyExceptInRange('0', '9');
            if (run < 0)
            {
                return count + text.Length;
            }

            count += run;
            text = text[run..];
        }

        return count;
    }

    /// <summary>Whether <paramref name="text"/> has a run of consecutive ASCII digits of between <paramref name="min"/> and <paramref name="max"/> digits.</summary>
    public static bool HasDigitRun(ReadOnlySpan<char> text, int min, int max)
    {
        for (var at = text.IndexOfAnyInRange('0', '9'); at >= 0; at = text.IndexOfAnyInRange('0', '9'))
        {
            text = text[at..];
            var run = text.IndexOfAnyExceptInRange('0', '9');
            var length = run < 0 ? text.Length : run;
            if (length >= min && length <= max)
            {
                return true;
            }

            if (run < 0)
            {
                return false;
            }

            text = text[run..];
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="text"/> has a group of at least <paramref name="digits"/> ASCII digits in which each
    /// digit follows the one before directly or across at most <paramref name="gap"/> characters of <paramref name="separators"/>.
    /// </summary>
    public static bool HasDigitGroup(ReadOnlySpan<char> text, int digits, int gap, SearchValues<char> separators)
    {
        var count = 0;
        var last = int.MinValue; // index of the group's last digit
        for (var at = text.IndexOfAnyInRange('0', '9'); at >= 0;)
        {
            if (count > 0 && at - last - 1 <= gap && !text[(last + 1)..at].ContainsAnyExcept(separators))
            {
                count++;
            }
            else
            {
                count = 1;
            }

            if (count >= digits)
            {
                return true;
            }

            last = at;
            var next = text[(at + 1)..].IndexOfAnyInRange('0', '9');
            at = next < 0 ? -1 : at + 1 + next;
        }

        return false;
    }
}
