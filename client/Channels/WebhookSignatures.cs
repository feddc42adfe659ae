namespace Omniops.Actors.Client.Channels;

/// <summary>Header parsing shared by the adapters. Signatures themselves are checked by the credential grains.</summary>
public static class WebhookSignatures
{
    /// <summary>The value after <paramref name="prefix"/>, or empty (which never verifies) when it is missing.</summary>
    public static string StripPrefix(string header, string prefix) =>
        header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? header[prefix.Length..].Trim() : string.Empty;
}
