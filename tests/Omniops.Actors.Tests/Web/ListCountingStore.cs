using System.Collections.Concurrent;
using System.Reflection;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.Grains.Conversations;

namespace Omniops.Actors.Tests.Web;

/// <summary>
/// The silo's message store with a tally of every conversation list it answers (either direction): the tenant, how
/// many rows were asked for and how many came back. Every other call passes through untouched. A
/// <see cref="DispatchProxy"/>, so it follows the store's interface as it grows (hence neither sealed nor a plain class).
/// </summary>
public class ListCountingStore : DispatchProxy
{
    private IMessageStore _inner = null!;
    private ConcurrentQueue<ListRead> _reads = null!;

    /// <summary>One list the store answered.</summary>
    public sealed record ListRead(string TenantId, string Method, int Limit, int Rows);

    public static IMessageStore Wrap(IMessageStore inner, ConcurrentQueue<ListRead> reads)
    {
        var proxy = Create<IMessageStore, ListCountingStore>();
        var counting = (ListCountingStore)(object)proxy;
        (counting._inner, counting._reads) = (inner, reads);
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var result = targetMethod.Invoke(_inner, args);
        if (targetMethod.Name is nameof(IMessageStore.ListAsync) or nameof(IMessageStore.ListNewerAsync) && result is Task<IReadOnlyList<ConversationSummary>> rows)
        {
            return CountAsync(rows, (string)args![0]!, targetMethod.Name, (int)args[3]!);
        }

        return result;
    }

    private async Task<IReadOnlyList<ConversationSummary>> CountAsync(Task<IReadOnlyList<ConversationSummary>> rows, string tenantId, string method, int limit)
    {
        var list = await rows;
        _reads.Enqueue(new ListRead(tenantId, method, limit, list.Count));
        return list;
    }
}
