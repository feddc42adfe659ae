using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;

namespace Omniops.Actors.Client.Conversations;

/// <summary>
/// The conversation list's <c>cursor</c>: opaque to clients (base64url of the last listed conversation's activity time in
/// ticks and its id). It positions only within the caller's own tenant's list, so a cursor carries nothing to protect.
/// </summary>
public static class ConversationCursorToken
{
    private const int MaxLength = 128;

    public static string Encode(ConversationCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        var text = cursor.LastActivityAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + "." + cursor.ConversationId;
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    public static bool TryDecode(string token, out ConversationCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ||
            ticks > DateTimeOffset.MaxValue.UtcTicks || !GrainKeys.IsValidId(text[(dot + 1)..]))
        {
            return false;
        }

        cursor = new ConversationCursor(new DateTimeOffset(ticks, TimeSpan.Zero), text[(dot + 1)..]);
        return true;
    }
}
