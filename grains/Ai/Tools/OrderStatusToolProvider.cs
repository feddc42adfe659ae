using System.ComponentModel;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>
/// <c>orders.order_status</c>: the status of one of the conversation customer's orders (by order number or id), read
/// from the order grains as the requesting agent once per draft (<see cref="CustomerOrders"/>: the orders the draft
/// read for minimisation). Only the customer's own orders are found; the result is minimised by the pipeline's filter
/// before the model sees it.
/// </summary>
public sealed class OrderStatusToolProvider(IGrainFactory grains) : IAiToolProvider
{
    public const string PluginName = "orders";
    public const string FunctionName = "order_status";

    public KernelPlugin Create() => KernelPluginFactory.CreateFromFunctions(PluginName,
        [KernelFunctionFactory.CreateFromMethod(
            (Kernel kernel, [Description("The order number as the customer or conversation gives it, e.g. [ORDER_1]")] string order) => LookUpAsync(AiToolContext.Of(kernel), order),
            FunctionName,
            "The current status of one of this customer's orders: payment, fulfilment, cancellation and shipments.")]);

    // The orders the draft already read (no second read of the customer or its orders).
    private async Task<string> LookUpAsync(AiToolContext context, string order) =>
        await CustomerOrders.FindAsync(grains, context, order) is { } view ? Describe(view) : "{\"found\":false}";

    private static string Describe(OrderView view)
    {
        var s = view.Snapshot;
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["found"] = true,
            ["order"] = s?.Name ?? view.OrderId,
            ["financialStatus"] = s?.FinancialStatus,
            ["fulfillmentStatus"] = s?.FulfillmentStatus,
            ["cancelled"] = s?.CancelledAt is not null,
            ["createdAt"] = s?.CreatedAt,
            ["refunds"] = view.Refunds.Count,
            ["shipments"] = s?.Shipments.Select(x => new Dictionary<string, string?>
            {
                ["carrier"] = x.Carrier, ["trackingNumber"] = x.TrackingNumber, ["status"] = x.Status,
            }).ToList(),
        });
    }
}
