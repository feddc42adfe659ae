namespace Omniops.Actors.Bench.Webhooks;

/// <summary>How <see cref="BaselineStore"/> writes one delivery: the dedupe insert and the message insert.</summary>
public enum BaselineWriteMode
{
    /// <summary>
    /// Both inserts as one data-modifying CTE in autocommit: one statement, one implicit transaction, one round trip.
    /// </summary>
    SingleStatement,

    /// <summary>
    /// <c>BEGIN</c>, the dedupe insert, the message insert only if the dedupe inserted a row, <c>COMMIT</c>: each
    /// insert its own command on the same connection, three round trips (Npgsql sends <c>BEGIN</c> with the first insert).
    /// </summary>
    ExplicitTransaction,
}
