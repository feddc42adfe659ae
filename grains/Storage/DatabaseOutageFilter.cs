using System.Data.Common;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Npgsql;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// A grain call that failed because PostgreSQL went away (restarted, shut down, refused or dropped the connection)
/// leaves the silo as a <see cref="StoreUnavailableException"/> — the gateway's 503 with <c>Retry-After</c> — rather than
/// as the driver's exception, which the cluster cannot always serialize back (a restart under load answered 500
/// <c>CodecNotFoundException</c> for a <c>57P01 admin_shutdown</c>). Any other database error that escapes a grain
/// leaves as a <see cref="StoreFailedException"/> carrying only its SQLSTATE (the driver's detail may quote the row it
/// refused); everything else passes unchanged. Grain state reads and writes are guarded the same way below the grains
/// (<see cref="GuardedGrainStorage"/>), since a read while a grain activates is seen by no call filter.
/// </summary>
public sealed partial class DatabaseOutageFilter(ILogger<DatabaseOutageFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (OrleansException wrapper) when (wrapper.InnerException is StoreUnavailableException or StoreFailedException)
        {
            // Orleans' state bridge wraps what the storage throws (GuardedGrainStorage's own errors): the caller gets
            // the error itself, as a grain call that failed any other way would give it.
            ExceptionDispatchInfo.Capture(wrapper.InnerException!).Throw();
        }
        catch (Exception exception) when (IsOutage(exception))
        {
            throw new StoreUnavailableException("The database could not be reached; the operation may not have completed. Try again.");
        }
        catch (Exception exception) when (FirstDatabaseError(exception) is { } database)
        {
            var state = database.SqlState ?? "none";
            LogFailed(logger, context.InterfaceName, context.MethodName, state, database.GetType().Name);
            throw new StoreFailedException($"The database refused the operation (SQLSTATE {state}).");
        }
    }

    /// <summary>The driver's exception in the chain of one that is not already the runtime's own error; null if none.</summary>
    private static DbException? FirstDatabaseError(Exception? exception)
    {
        if (exception is OperationCanceledException || exception?.GetType().Namespace == typeof(StoreFailedException).Namespace)
        {
            return null;
        }

        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is DbException database)
            {
                return database;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A database error left {Interface}.{Method} ({SqlState}, {ExceptionType})")]
    private static partial void LogFailed(ILogger logger, string @interface, string method, string sqlState, string exceptionType);

    /// <summary>A transient Npgsql failure, a shutdown or connection-class server error, directly or as an inner exception.</summary>
    public static bool IsOutage(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            switch (exception)
            {
                case PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal):
                case NpgsqlException { IsTransient: true }:
                    return true;
                case AggregateException { InnerExceptions.Count: > 1 } aggregate:
                    return aggregate.InnerExceptions.Any(IsOutage);
            }
        }

        return false;
    }
}
