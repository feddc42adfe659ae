using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Credentials;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// <c>/webhooks/{tenantId}/whatsapp</c>: Meta's WhatsApp Cloud API. GET is the subscription challenge
/// (<c>hub.mode=subscribe</c>, <c>hub.verify_token</c> checked against the <c>whatsapp-verify</c> credential,
/// <c>hub.challenge</c> echoed as text). POST is a notification signed with <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>
/// over the raw body with the app secret (credential <c>whatsapp</c>); a notification naming a business number
/// (<c>phone_number_id</c>) not recorded with the credential is refused whole (403 <c>foreign-account</c>). It answers
/// 200 only when every message and status in it is stored, so Meta redelivers anything that was not.
/// </summary>
public static partial class WhatsAppWebhookEndpoint
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    private static readonly byte[] VerifyTokenProbe = "omniops/whatsapp-verify-token/v1"u8.ToArray();

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ChallengeAsync(string tenantId, HttpContext context, WebhookIntake intake, IGrainFactory grains)
    {
        const string channel = ChannelNames.WhatsApp;
        var (_, rejection) = await intake.ReadAsync(context, tenantId, channel);
        if (rejection is not null)
        {
            return rejection;
        }

        var query = context.Request.Query;
        var token = query["hub.verify_token"].ToString();
        // The token is compared inside the credential grain: HMAC(stored token, probe) against HMAC(presented, probe).
        var check = new SignatureCheck(SignatureAlgorithm.HmacSha256Hex, VerifyTokenProbe,
            Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), VerifyTokenProbe)));
        var forbidden = Problems.Forbidden("The verify token does not match.");
        if (await intake.VerifyAsync(context, tenantId, channel, ChannelNames.WhatsAppVerifyToken, check, forbidden) is { } refused)
        {
            return refused;
        }

        var challenge = query["hub.challenge"].ToString();
        if (query["hub.mode"] != "subscribe" || !ChallengePattern().IsMatch(challenge))
        {
            return await intake.RejectAsync(tenantId, channel, "malformed-challenge", Problems.BadRequest("hub.mode must be subscribe and hub.challenge 1-128 characters of [A-Za-z0-9_-]."));
        }

        // The caller VerifyAsync set does not flow back out of it (RequestContext is async-local): set it here.
        CallerContext.Current = CallerContext.Channel(tenantId, channel);
        await grains.GetAuditLogGrain(tenantId).AppendAsync(new AuditEntry("webhook.subscription-verified", AuditOutcomes.Success, null,
            new Dictionary<string, string> { ["channel"] = channel }));
        return TypedResults.Text(challenge, "text/plain", Encoding.UTF8);
    }

    public static async Task<Results<Ok<WhatsAppNotificationResponse>, ProblemHttpResult>> NotifyAsync(string tenantId, HttpContext context, WebhookIntake intake, IGrainFactory grains, IOptions<WebhookOptions> options)
    {
        const string channel = ChannelNames.WhatsApp;
        var (body, rejection) = await intake.ReadAsync(context, tenantId, channel, options.Value.MaxWhatsAppBodyBytes);
        if (rejection is not null)
        {
            return rejection;
        }

        var signature = WebhookSignatures.StripPrefix(context.Request.Headers[SignatureHeader].ToString(), "sha256=");
        if (await intake.VerifyAsync(context, tenantId, channel, channel, new SignatureCheck(SignatureAlgorithm.HmacSha256Hex, body!, signature)) is { } refused)
        {
            return refused;
        }

        WhatsAppDelivery delivery;
        try
        {
            delivery = WhatsAppNotification.Parse(body!);
        }
        catch (Exception exception) when (exception is JsonException or FormatException)
        {
            return await intake.RejectAsync(tenantId, channel, "malformed", Problems.BadRequest(
                "The body is not a WhatsApp Cloud API notification: " + (exception is FormatException ? exception.Message : "invalid JSON.")));
        }

        // Every business number is the tenant's, and every update valid, before any is delivered: a notification is
        // taken whole or not at all.
        if (delivery.Businesses.Count > 0 && await intake.BindAccountsAsync(tenantId, channel, delivery.Businesses) is { } foreign)
        {
            return foreign;
        }

        var updates = delivery.Updates;
        var (_, invalidUpdate) = await intake.DeliverAsync(tenantId, channel, () => Task.FromResult(ValidateAll(updates)));
        if (invalidUpdate is not null)
        {
            return invalidUpdate;
        }

        var inbox = grains.GetChannelInboxGrain(tenantId, channel);
        var (results, invalid) = await intake.DeliverAsync(tenantId, channel, () => DeliverInOrderAsync(inbox, updates));
        return invalid is not null ? invalid : TypedResults.Ok(new WhatsAppNotificationResponse(
            updates.Count(u => u.Message is not null), updates.Count(u => u.Status is not null), results!.Count(r => r.Duplicate)));
    }

    /// <summary>Each conversation's updates in the order Meta listed them; different conversations side by side.</summary>
    private static async Task<IReadOnlyList<IngestResult>> DeliverInOrderAsync(IChannelInboxGrain inbox, IReadOnlyList<WhatsAppUpdate> updates)
    {
        var perConversation = await Task.WhenAll(updates.GroupBy(u => u.ConversationKey, StringComparer.Ordinal).Select(async conversation =>
        {
            var results = new List<IngestResult>();
            foreach (var update in conversation)
            {
                results.Add(update.Message is not null ? await inbox.ReceiveMessageAsync(update.Message) : await inbox.ReceiveStatusAsync(update.Status!));
            }

            return results;
        }));
        return [.. perConversation.SelectMany(r => r)];
    }

    /// <summary>Every content rule of every update (<see cref="InboundRules"/>), before any is delivered; the count.</summary>
    internal static int ValidateAll(IReadOnlyList<WhatsAppUpdate> updates)
    {
        foreach (var update in updates)
        {
            if (update.Message is not null)
            {
                InboundRules.Validate(update.Message);
            }
            else
            {
                InboundRules.Validate(update.Status!);
            }
        }

        return updates.Count;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}$")]
    private static partial Regex ChallengePattern();
}
