using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// <c>POST /webhooks/{tenantId}/generic</c> of the baseline: raw body (≤ 1 MiB), timestamp within 300 s,
/// <c>sha256=</c> HMAC-SHA256(secret, "{timestamp}.{body}") compared in constant time, JSON parsed, then one
/// transaction (<see cref="BaselineStore"/>, either <see cref="BaselineWriteMode"/>) and 202
/// <c>{conversationId, messageId, duplicate}</c>.
/// </summary>
public sealed class BaselineWebhookEndpoint(IReadOnlyDictionary<string, byte[]> secrets, BaselineStore store)
{
    public const int MaxBodyBytes = 1024 * 1024;
    private const long MaxSkewSeconds = 300;
    private const string SignaturePrefix = "sha256=";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public async Task<IResult> HandleAsync(string tenantId, HttpContext context)
    {
        if (!secrets.TryGetValue(tenantId, out var secret))
        {
            return Results.NotFound();
        }

        var request = context.Request;
        var timestamp = request.Headers["X-Omniops-Timestamp"].ToString();
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > MaxSkewSeconds)
        {
            return Results.Unauthorized();
        }

        var presented = new byte[SHA256.HashSizeInBytes];
        var signature = request.Headers["X-Omniops-Signature"].ToString();
        if (!signature.StartsWith(SignaturePrefix, StringComparison.Ordinal) ||
            Convert.FromHexString(signature.AsSpan(SignaturePrefix.Length), presented, out _, out var written) != OperationStatus.Done ||
            written != presented.Length)
        {
            return Results.Unauthorized();
        }

        // The signed bytes are "{timestamp}.{body}": the body is read straight in behind the prefix, no copy.
        var prefixLength = timestamp.Length + 1;
        var signed = await ReadSignedAsync(request, prefixLength, context.RequestAborted);
        if (signed is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        Encoding.ASCII.GetBytes(timestamp, signed);
        signed[timestamp.Length] = (byte)'.';
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, signed), presented))
        {
            return Results.Unauthorized();
        }

        BaselinePayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<BaselinePayload>(signed.AsSpan(prefixLength), Json);
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null || payload.MessageId.Length is 0 or > 200 || payload.Customer.Ref.Length is 0 or > 200 || payload.Text.Length == 0)
        {
            return Results.BadRequest();
        }

        var conversationId = payload.ConversationId ?? "customer-" + payload.Customer.Ref;
        var inserted = await store.RecordAsync(tenantId, conversationId, payload, context.RequestAborted);
        return Results.Json(new BaselineAcknowledgement(conversationId, payload.MessageId, !inserted), Json, statusCode: StatusCodes.Status202Accepted);
    }

    /// <returns>A buffer of <paramref name="prefixLength"/> free bytes followed by the body, or null when it is too large.</returns>
    private static async Task<byte[]?> ReadSignedAsync(HttpRequest request, int prefixLength, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            if (length > MaxBodyBytes)
            {
                return null;
            }

            var buffer = new byte[prefixLength + length];
            await request.Body.ReadExactlyAsync(buffer.AsMemory(prefixLength), cancellationToken);
            return buffer;
        }

        using var stream = new MemoryStream();
        stream.SetLength(prefixLength);
        stream.Position = prefixLength;
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (stream.Length - prefixLength + read > MaxBodyBytes)
            {
                return null;
            }

            stream.Write(chunk, 0, read);
        }

        return stream.ToArray();
    }
}
