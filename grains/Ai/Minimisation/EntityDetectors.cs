namespace Omniops.Actors.Grains.Ai.Minimisation;

/// <summary>The detectors <see cref="AiSiloBuilderExtensions.AddOmniopsAi"/> registers, for code that builds a <see cref="Minimiser"/> without the container.</summary>
public static class EntityDetectors
{
    public static IEntityDetector[] Create() =>
    [
        new EmailDetector(), new PhoneDetector(), new CardDetector(), new CvvDetector(), new SecretDetector(), new IbanDetector(),
        new PostcodeDetector(), new IpAddressDetector(), new TokenUrlDetector(), new NationalIdDetector(),
    ];
}
