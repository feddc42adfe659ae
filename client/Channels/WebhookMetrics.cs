using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Omniops.Actors.GrainInterfaces.Metrics;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// Webhook ingest: <c>omniops_webhook_deliveries_total{channel, outcome}</c> and the handling time
/// <c>omniops_webhook_duration_seconds{channel, outcome}</c>; outcome is <c>accepted</c>, <c>duplicate</c> (a redelivery
/// answered from what was stored), <c>refused</c> (any 4xx) or <c>unavailable</c> (503: nothing acknowledged, the
/// platform retries). Recorded by an endpoint filter on each webhook route, so no adapter has to remember it.
/// </summary>
public static class WebhookMetrics
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Refused = "refused";
    public const string Unavailable = "unavailable";
    public const string Failed = "failed";

    private static readonly Counter<long> Deliveries = OmniopsMeter.Meter.CreateCounter<long>(
        "omniops.webhook.deliveries", "{delivery}", "Webhook deliveries by channel and outcome.");

    private static readonly Histogram<double> Duration = OmniopsMeter.Meter.CreateHistogram<double>(
        "omniops.webhook.duration", "s", "Time to answer a webhook delivery, by channel and outcome.");

    public static void Record(string channel, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "channel", channel }, { "outcome", outcome } };
        Deliveries.Add(1, tags);
        Duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Times the route's handler and records its outcome (a thrown exception counts as unavailable or failed).</summary>
    public static TBuilder Measured<TBuilder>(this TBuilder builder, string channel)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var result = await next(context);
                Record(channel, OutcomeOf(result), Stopwatch.GetElapsedTime(started));
                return result;
            }
            catch (Exception exception)
            {
                Record(channel, Http.TransientFailures.IsTransient(exception) ? Unavailable : Failed, Stopwatch.GetElapsedTime(started));
                throw;
            }
        });

    /// <summary>The outcome an adapter's result stands for.</summary>
    public static string OutcomeOf(object? result)
    {
        while (result is INestedHttpResult nested)
        {
            result = nested.Result;
        }

        var status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
        return status switch
        {
            StatusCodes.Status503ServiceUnavailable => Unavailable,
            >= 500 => Failed,
            >= 400 => Refused,
            _ => (result as IValueHttpResult)?.Value switch
            {
                MessageAcceptedResponse { Duplicate: true } or ShopifyComplianceResponse { Duplicate: true } or ShopifyOrderResponse { Duplicate: true } => Duplicate,
                WhatsAppNotificationResponse { Messages: 0, Statuses: 0, Duplicates: > 0 } => Duplicate,
                _ => Accepted,
            },
        };
    }
}
