using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omniops.Actors.GrainInterfaces.Errors;
using Orleans.Storage;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// Wraps a grain storage provider so that what fails below it leaves as one of the runtime's own error types.
/// <list type="bullet">
/// <item>A read that fails for a transient reason (a dropped connection, a server refusing clients for a moment) is
/// tried again, twice within about a second (never after a timeout): a read changes nothing, and most reads run while
/// a grain activates, where no grain call filter sees them.</item>
/// <item>What still fails is a <see cref="StoreUnavailableException"/> (an outage: the gateway's 503 with
/// <c>Retry-After</c>) or a <see cref="StoreFailedException"/> (any other database error: a 500), never the driver's
/// exception. The cluster cannot serialize a <c>PostgresException</c> (a CI run met <c>CodecNotFoundException</c> for
/// one raised while grains activated), and its detail may quote the row it refused.</item>
/// <item>Orleans' own <see cref="InconsistentStateException"/> (a stale ETag) passes unchanged.</item>
/// </list>
/// </summary>
public sealed partial class GuardedGrainStorage(string name, IGrainStorage inner, ILogger<GuardedGrainStorage> logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The waits between attempts of a read (each up to half as long again, at random): three attempts in all.</summary>
    internal static readonly TimeSpan[] ReadRetryDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)];

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await inner.ReadStateAsync(stateName, grainId, grainState);
                return;
            }
            catch (Exception exception) when (attempt < ReadRetryDelays.Length && DatabaseOutageFilter.IsOutage(exception) && !IsTimeout(exception))
            {
                // Not after a timeout: three of Npgsql's 15 s waits would outlast the caller's 30 s response timeout.
                // The jitter spreads the activations that met the same blip.
                LogReadRetried(logger, name, stateName, ErrorCode(exception), attempt + 1);
                await Task.Delay(ReadRetryDelays[attempt] * (1 + (Random.Shared.NextDouble() / 2)));
            }
            catch (Exception exception) when (Translate(exception, "read", stateName) is { } translated)
            {
                throw translated;
            }
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }
        catch (Exception exception) when (Translate(exception, "write", stateName) is { } translated)
        {
            throw translated;
        }
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        try
        {
            await inner.ClearStateAsync(stateName, grainId, grainState);
        }
        catch (Exception exception) when (Translate(exception, "clear", stateName) is { } translated)
        {
            throw translated;
        }
    }

    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    /// <summary>
    /// Replaces the keyed <see cref="IGrainStorage"/> registered under <paramref name="name"/> by one that wraps it.
    /// The provider's lifecycle registration resolves the keyed service and casts it, which this type forwards.
    /// </summary>
    public static void Wrap(IServiceCollection services, string name)
    {
        var descriptor = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, name))
            ?? throw new InvalidOperationException($"No grain storage named '{name}' is registered.");
        var factory = descriptor.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"The grain storage named '{name}' is not registered by a factory.");
        services.Remove(descriptor);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new GuardedGrainStorage(
            name, (IGrainStorage)factory(provider, key), provider.GetRequiredService<ILogger<GuardedGrainStorage>>()));
    }

    /// <summary>The runtime's error for a storage failure; null for one that passes unchanged (already ours, or Orleans').</summary>
    private Exception? Translate(Exception exception, string operation, string stateName)
    {
        if (exception is InconsistentStateException or StoreUnavailableException or StoreFailedException)
        {
            return null;
        }

        var code = ErrorCode(exception);
        if (DatabaseOutageFilter.IsOutage(exception))
        {
            LogFailed(logger, name, operation, stateName, code, exception.GetType().Name);
            return new StoreUnavailableException("The database could not be reached; the operation may not have completed. Try again.");
        }

        if (code is null)
        {
            return null;
        }

        LogFailed(logger, name, operation, stateName, code, exception.GetType().Name);
        return new StoreFailedException($"Grain storage could not {operation} the state (SQLSTATE {code}).");
    }

    private static bool IsTimeout(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The SQLSTATE of the first database error in the chain, or "transport" for a driver failure without one.</summary>
    private static string? ErrorCode(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            switch (exception)
            {
                case DbException { SqlState: { } state }:
                    return state;
                case DbException:
                    return "transport";
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage {Provider} could not read {StateName} ({SqlState}); attempt {Attempt} is retried")]
    private static partial void LogReadRetried(ILogger logger, string provider, string stateName, string? sqlState, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage {Provider} could not {Operation} {StateName} ({SqlState}, {ExceptionType})")]
    private static partial void LogFailed(ILogger logger, string provider, string operation, string stateName, string? sqlState, string exceptionType);
}
