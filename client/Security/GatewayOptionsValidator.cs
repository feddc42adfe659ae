using System.Net;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// A deployment on PostgreSQL must name its operator key (only the throwaway embedded node may generate one); every
/// trusted proxy must be an IP address or a CIDR network.
/// </summary>
internal sealed class GatewayOptionsValidator(OmniopsDeployment deployment) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        if (string.IsNullOrEmpty(options.OperatorKey) && !deployment.IsEmbedded)
        {
            return ValidateOptionsResult.Fail("PostgreSQL is configured but no operator key is: set Omniops__OperatorKey (32+ characters).");
        }

        return options.TrustedProxies.All(p => IPAddress.TryParse(p, out _) || IPNetwork.TryParse(p, out _))
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("Omniops__TrustedProxies__N must each be an IP address or a CIDR network such as 10.0.0.0/8.");
    }
}
