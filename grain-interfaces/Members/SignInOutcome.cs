namespace Omniops.Actors.GrainInterfaces.Members;

/// <summary>How a sign-in ended.</summary>
[GenerateSerializer, Alias("omniops.sign-in-outcome")]
public enum SignInOutcome
{
    /// <summary>Unknown e-mail, wrong password, wrong or replayed code, or a locked-out member: all told alike.</summary>
    Refused = 0,

    /// <summary>A session was opened.</summary>
    Success = 1,

    /// <summary>The password was right but the member has TOTP and sent no code (nothing counted as a failure).</summary>
    TotpRequired = 2,
}
