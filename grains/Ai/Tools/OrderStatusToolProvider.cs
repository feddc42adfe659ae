using System.ComponentModel;
using System.Text.Json;
using Microsoft.SemanticKernel;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Orders;

namespace Omniops.Actors.Grains.Ai.Tools;

/// <summary>
/// <c>orders.order_status</c>: the status of one of the conversation customer's orders (by order number or id), read
/// from the order grain as the requesting agent. Only the customer's own orders are found; the result is minimised by
/// the pipeline's filter before the model sees it.
/// </summary>
public sealed class OrderStatusToolProvider(IGrainFactory grains) : IAiToolProvider
{
    public const string PluginName = "orders";
    public const string FunctionName = "order_status";

    public KernelPlugin Create(AiToolContext context) => KernelPluginFactory.CreateFromFunctions(PluginName,
        [KernelFunctionFactory.CreateFromMethod(
            ([Description("The order number as the customer or conversation gives it, e.g. [ORDER_1]")] string order) => LookUpAsync(context, order),
            FunctionName,
            "The current status of one of this customer's orders: payment, fulfilment, cancellation and shipments.")]);

    private async Task<string> LookUpAsync(AiToolContext context, string order)
    {
        var wanted = order.Trim().TrimStart('#');
        var customer = await grains.GetCustomerGrain(context.TenantId, context.CustomerRef).GetAsync();
        foreach (var orderId in customer.OrderIds.TakeLast(KnownOrders))
        {
            OrderView view;
            try
            {
                view = await grains.GetOrderGrain(context.TenantId, orderId).GetAsync();
            }
            catch (ResourceNotFoundException)
            {
                continue;
            }

            if (string.Equals(view.OrderId, wanted, StringComparison.OrdinalIgnoreCase)
                || (view.Snapshot is { } s && string.Equals(s.Name.TrimStart('#'), wanted, StringComparison.OrdinalIgnoreCase)))
            {
                return Describe(view);
            }
        }

        return "{\"found\":false}";
    }

    private const int KnownOrders = 50;

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
