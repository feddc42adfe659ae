namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// What the deployment states about its processing (<c>Omniops:Privacy</c>): the subprocessors it uses and the
/// purposes it processes personal data for. The data map and the privacy export both read them from here.
/// </summary>
public sealed class PrivacyOptions
{
    public const string Section = "Omniops:Privacy";

    private const int MaxText = 200;

    /// <summary>The purposes stated when none are configured.</summary>
    public static IReadOnlyList<string> DefaultPurposes { get; } =
    [
        "Answering the merchant's customers in their support conversations",
        "Order, shipping and refund support for those customers",
        "Security of the service and an audit trail of access to personal data",
        "Meeting legal obligations: privacy requests, retention and breach notification",
    ];

    /// <summary><c>Omniops:Privacy:Subprocessors:{n}:Name|Purpose|Region|DataCategories:{m}</c>.</summary>
    public List<SubprocessorOptions> Subprocessors { get; } = [];

    /// <summary><c>Omniops:Privacy:Purposes:{n}</c>; <see cref="DefaultPurposes"/> when none are set.</summary>
    public List<string> Purposes { get; } = [];

    public IReadOnlyList<string> EffectivePurposes => Purposes.Count == 0 ? DefaultPurposes : Purposes;

    /// <summary>Whether every subprocessor names itself, its purpose and region, and every text is 1-200 characters.</summary>
    public bool IsValid() =>
        Subprocessors.All(s => Text(s.Name) && Text(s.Purpose) && Text(s.Region) && s.DataCategories.All(Text)) && Purposes.All(Text);

    private static bool Text(string? value) => !string.IsNullOrWhiteSpace(value) && value.Length <= MaxText;
}
