using Npgsql;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.Grains.Storage;

/// <summary>
/// A grain call that failed because PostgreSQL went away (restarted, shut down, refused or dropped the connection)
/// leaves the silo as a <see cref="StoreUnavailableException"/> — the gateway's 503 with <c>Retry-After</c> — rather than
/// as the driver's exception, which the cluster cannot always serialize back (a restart under load answered 500
/// <c>CodecNotFoundException</c> for a <c>57P01 admin_shutdown</c>). Anything else passes unchanged.
/// </summary>
public sealed class DatabaseOutageFilter : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception exception) when (IsOutage(exception))
        {
            throw new StoreUnavailableException("The database could not be reached; the operation may not have completed. Try again.");
        }
    }

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
