namespace Omniops.Actors.GrainInterfaces.Members;

/// <summary>
/// The minimum password strength: at least <see cref="MinLength"/> characters (at most <see cref="MaxLength"/>, which
/// bounds the hashing work), of at least <see cref="MinDistinct"/> distinct characters, and not the e-mail itself.
/// Length over composition rules (NIST SP 800-63B).
/// </summary>
public static class MemberPasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 128;
    public const int MinDistinct = 5;

    /// <summary>Why <paramref name="password"/> is refused, or null when it is acceptable.</summary>
    public static string? Problem(string? password)
    {
        if (password is null || password.Length < MinLength)
        {
            return $"A password has at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"A password has at most {MaxLength} characters.";
        }

        return password.Distinct().Count() < MinDistinct ? $"A password uses at least {MinDistinct} different characters." : null;
    }
}
