using Microsoft.AspNetCore.Authentication;

namespace Omniops.Actors.Client.Security;

public sealed class OperatorKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>Also accept HTTP Basic (any user name, the operator key as password) and challenge for it, so a browser prompts. Default: false.</summary>
    public bool AllowBasic { get; set; }
}
