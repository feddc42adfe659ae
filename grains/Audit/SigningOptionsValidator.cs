using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// Checks the signing key before anything starts: PostgreSQL mode needs one, and a configured file must hold an
/// ECDSA P-256 private key. A failure stops start-up with one sentence naming the setting.
/// </summary>
internal sealed class SigningOptionsValidator(OmniopsDeployment deployment) : IValidateOptions<SigningOptions>
{
    public ValidateOptionsResult Validate(string? name, SigningOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.KeyFile) && deployment.IsEmbedded)
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            using var signer = new AuditSigner(Options.Create(options), deployment, NullLogger<AuditSigner>.Instance);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException exception)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
