using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Omniops.Actors.Client.Http;

public static class StartupExtensions
{
    /// <summary>
    /// Starts the host and runs it until shutdown. If start-up fails (missing key, key that cannot unwrap stored
    /// keys, invalid settings), prints one readable line naming the cause — the innermost error's message, which
    /// names settings, never their values — and returns exit code 1 instead of an unhandled-exception dump.
    /// </summary>
    public static async Task<int> RunOrExplainAsync(this WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch (Exception exception)
        {
            var cause = exception;
            while (cause.InnerException is not null)
            {
                cause = cause.InnerException;
            }

            await Console.Error.WriteLineAsync($"Start-up refused: {cause.Message}");
            return 1;
        }

        await app.WaitForShutdownAsync();
        return 0;
    }
}
