using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Credentials;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Omniops.Actors.Client.Channels;

/// <summary>
/// <c>POST /webhooks/{tenantId}/generic</c>: the project's own signed format. <c>X-Omniops-Timestamp</c> is unix
/// seconds; <c>X-Omniops-Signature</c> is <c>sha256=</c> and the hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c> under
/// the <c>generic</c> credential. A timestamp outside the replay window is refused even with a valid signature.
/// </summary>
public static class GenericWebhookEndpoint
{
    public const string TimestampHeader = "X-Omniops-Timestamp";
    public const string SignatureHeader = "X-Omniops-Signature";

    public static async Task<Results<Accepted<MessageAcceptedResponse>, ProblemHttpResult>> HandleAsync(string tenantId, HttpContext context,
        WebhookIntake intake, IGrainFactory grains, IOptions<WebhookOptions> options, IOptions<HttpJsonOptions> json, TimeProvider time)
    {
        const string channel = ChannelNames.Generic;
        var (body, rejection) = await intake.ReadAsync(context, tenantId, channel);
        if (rejection is not null)
        {
            return rejection;
        }

        var timestamp = context.Request.Headers[TimestampHeader].ToString();
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body!.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        var signature = WebhookSignatures.StripPrefix(context.Request.Headers[SignatureHeader].ToString(), "sha256=");
        if (await intake.VerifyAsync(context, tenantId, channel, channel, new SignatureCheck(SignatureAlgorithm.HmacSha256Hex, signed, signature)) is { } refused)
        {
            return refused;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            Math.Abs(time.GetUtcNow().ToUnixTimeSeconds() - seconds) > options.Value.ReplayWindowSeconds)
        {
            return await intake.RejectAsync(tenantId, channel, "outside-replay-window", Problems.Create(StatusCodes.Status401Unauthorized, "replay",
                "The delivery is outside the replay window.", $"{TimestampHeader} must be within {options.Value.ReplayWindowSeconds} seconds of now."));
        }

        if (ReadMessage(body, context.Request.HasJsonContentType(), json.Value.SerializerOptions) is not { } inbound)
        {
            return await intake.RejectAsync(tenantId, channel, "malformed", Problems.BadRequest(
                "The body must be application/json: {messageId, conversationId?, customer: {ref, name?, email?, phone?}, text, sentAt?}."));
        }

        var (result, invalid) = await intake.DeliverAsync(tenantId, channel, () => grains.GetChannelInboxGrain(tenantId, channel).ReceiveMessageAsync(inbound));
        return invalid is not null ? invalid : TypedResults.Accepted((string?)null, MessageAcceptedResponse.From(result!));
    }

    /// <summary>
    /// The message in a signed body, or null when the body is not one (answered 400 <c>malformed</c>): not JSON, not
    /// UTF-8, or not the generic shape in the gateway's JSON dialect (<paramref name="options"/>). The content rules
    /// (<see cref="InboundRules"/>) are the inbox grain's.
    /// </summary>
    public static InboundMessage? ReadMessage(byte[] body, bool isJson, JsonSerializerOptions options)
    {
        GenericWebhookBody? message;
        try
        {
            message = isJson && System.Text.Unicode.Utf8.IsValid(body)
                ? JsonSerializer.Deserialize<GenericWebhookBody>(body, options)
                : null;
        }
        catch (JsonException)
        {
            message = null;
        }

        return message is null
            ? null
            : new InboundMessage(message.MessageId, message.ConversationId,
                new InboundContact(message.Customer.Ref, message.Customer.Name, message.Customer.Email, message.Customer.Phone),
                message.Text, [], message.SentAt);
    }
}
