using Npgsql;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// The failures that mean "the cluster cannot answer right now" rather than "the request is wrong" or "a bug": a silo
/// that died or is shutting down, a message the runtime rejected or could not deliver, a connection that failed, a
/// grain call that timed out, a gateway that is too busy, a transient PostgreSQL error — directly, or wrapped in
/// an <see cref="OrleansException"/> or <see cref="AggregateException"/>. The gateway answers them 503 with
/// <c>Retry-After</c> (<see cref="GatewayExceptionHandler"/>): nothing was acknowledged, so retrying is safe.
/// </summary>
public static class TransientFailures
{
    /// <summary>The seconds a caller should wait: about one failure-detection round of the cluster.</summary>
    public const int RetryAfterSeconds = 5;

    public static bool IsTransient(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            switch (exception)
            {
                case SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException
                    or GatewayTooBusyException or ClientNotAvailableException or OrleansLifecycleCanceledException or TimeoutException:
                case NpgsqlException { IsTransient: true }:
                case UnavailableExceptionFallbackException { ExceptionType: { } type } when IsTransientTypeName(type):
                    return true;
                case AggregateException { InnerExceptions.Count: > 0 } aggregate:
                    return aggregate.InnerExceptions.All(IsTransient);
            }
        }

        return false;
    }

    /// <summary>An exception the cluster could not send back as its own type (a driver's), named in the fallback.</summary>
    private static bool IsTransientTypeName(string type) =>
        type.StartsWith("Npgsql.", StringComparison.Ordinal) || type.StartsWith("System.Net.Sockets.", StringComparison.Ordinal)
        || type.StartsWith("System.TimeoutException", StringComparison.Ordinal);
}
