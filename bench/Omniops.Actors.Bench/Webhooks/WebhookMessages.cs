using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// The generic webhooks the senders post: one of <see cref="Conversations"/> conversations per message (so a
/// conversation sees concurrent deliveries), a customer per conversation with name, e-mail and phone, a ~200-byte
/// text, and the signature headers <c>X-Omniops-Timestamp</c> and <c>X-Omniops-Signature: sha256=&lt;hex&gt;</c>.
/// </summary>
public static class WebhookMessages
{
    public const int Conversations = 256;
    public const string TimestampHeader = "X-Omniops-Timestamp";
    public const string SignatureHeader = "X-Omniops-Signature";

    /// <summary>About 200 bytes of customer text, ASCII, nothing to escape.</summary>
    public const string Text =
        "Hello, I ordered a blue rain jacket in size M last week and it has still not arrived. Could you please check " +
        "the shipping status for me and tell me when I can expect it? Thank you very much, kind regards.";

    private static readonly string[] Fragments = Enumerable.Range(0, Conversations).Select(Fragment).ToArray();

    /// <summary>The JSON body of message <paramref name="messageId"/> in conversation <paramref name="conversation"/>.</summary>
    public static byte[] Body(string messageId, int conversation) => Encoding.UTF8.GetBytes(
        $"{{\"messageId\":\"{messageId}\",{Fragments[conversation]},\"text\":\"{Text}\",\"sentAt\":\"{DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)}\"}}");

    /// <summary>The header value <c>sha256=&lt;hex HMAC-SHA256(secret, "{timestamp}.{body}")&gt;</c>.</summary>
    public static string Signature(byte[] secret, string timestamp, byte[] body)
    {
        var signed = new byte[timestamp.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(timestamp, signed);
        signed[timestamp.Length] = (byte)'.';
        body.CopyTo(signed, timestamp.Length + 1);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }

    public static string Timestamp() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static string Fragment(int conversation)
    {
        var n = conversation.ToString("D3", CultureInfo.InvariantCulture);
        return $"\"conversationId\":\"conv-{n}\",\"customer\":{{\"ref\":\"cust-{n}\",\"name\":\"Customer {n}\"," +
            $"\"email\":\"customer{n}@example.com\",\"phone\":\"+4930555{n}\"}}";
    }
}
