namespace Omniops.Actors.Grains.Privacy;

/// <summary>One subprocessor (<c>Omniops:Privacy:Subprocessors:{n}</c>): name, purpose, region and the data categories it receives.</summary>
public sealed class SubprocessorOptions
{
    public string Name { get; set; } = string.Empty;

    public string Purpose { get; set; } = string.Empty;

    public string Region { get; set; } = string.Empty;

    /// <summary><c>Omniops:Privacy:Subprocessors:{n}:DataCategories:{m}</c>.</summary>
    public List<string> DataCategories { get; } = [];
}
