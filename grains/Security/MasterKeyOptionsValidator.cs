using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Grains.Security;

/// <summary>
/// Checks the master keys before anything starts: PostgreSQL mode needs one, and every configured key must be
/// base64 of 32 bytes. A failure stops start-up with one sentence naming the setting, never its value.
/// </summary>
internal sealed class MasterKeyOptionsValidator(OmniopsDeployment deployment) : IValidateOptions<MasterKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, MasterKeyOptions options)
    {
        try
        {
            var current = MasterKeyOptions.Decode(options.ReadCurrent(), "Omniops__MasterKey");
            for (var i = 0; i < options.PreviousMasterKeys.Count; i++)
            {
                MasterKeyOptions.Decode(options.PreviousMasterKeys[i], $"Omniops__PreviousMasterKeys__{i}");
            }

            return current is null && !deployment.IsEmbedded
                ? ValidateOptionsResult.Fail("PostgreSQL is configured but no master key is: set Omniops__MasterKey (base64 of 32 bytes) or Omniops__MasterKeyFile.")
                : ValidateOptionsResult.Success;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail(exception.Message);
        }
    }
}
