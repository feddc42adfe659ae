using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Client.Orders;

/// <summary>A refund: what was returned and how much was paid back.</summary>
public sealed record RefundResponse(string ExternalRefundId, DateTimeOffset CreatedAt, string? Amount, string? Note, IReadOnlyList<RefundLineResponse> Lines)
{
    public static RefundResponse From(RefundRecord refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return new(refund.ExternalRefundId, refund.CreatedAt, refund.Amount, refund.Note, [.. refund.Lines.Select(RefundLineResponse.From)]);
    }

    public override string ToString() => $"RefundResponse {{ Lines = {Lines.Count} }}";
}
