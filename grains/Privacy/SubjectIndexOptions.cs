namespace Omniops.Actors.Grains.Privacy;

/// <summary>How the subject index normalizes what it indexes (<c>Omniops:Privacy</c>).</summary>
public sealed class SubjectIndexOptions
{
    public const string Section = "Omniops:Privacy";

    /// <summary>The region (ISO 3166-1 alpha-2) a phone number written without a leading + is read in.</summary>
    public string DefaultPhoneRegion { get; set; } = "GB";

    public bool IsValid() => DefaultPhoneRegion is { Length: 2 } region && region.All(char.IsAsciiLetterUpper);
}
