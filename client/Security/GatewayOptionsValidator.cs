using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Client.Security;

/// <summary>A deployment on PostgreSQL must name its operator key; only the throwaway embedded node may generate one.</summary>
internal sealed class GatewayOptionsValidator(OmniopsDeployment deployment) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options) =>
        string.IsNullOrEmpty(options.OperatorKey) && !deployment.IsEmbedded
            ? ValidateOptionsResult.Fail("PostgreSQL is configured but no operator key is: set Omniops__OperatorKey (32+ characters).")
            : ValidateOptionsResult.Success;
}
