namespace Omniops.Actors.Tests.Fuzz;

/// <summary>
/// One generated request. <paramref name="Raw"/> requests are written to the socket byte for byte (header values may
/// carry CR/LF, which <see cref="HttpClient"/> refuses to send); the others go through <see cref="HttpClient"/>.
/// </summary>
public sealed record HostileRequest(string Label, string Method, string Path, byte[] Body, string? ContentType,
    IReadOnlyList<(string Name, string Value)> Headers, bool Raw = false)
{
    /// <summary>What a failure message shows: enough to replay the request as a regular test.</summary>
    public override string ToString() =>
        $"{Label}: {Method} {Path} content-type={ContentType ?? "(none)"} headers=[{string.Join("; ", Headers.Select(h => h.Name + "=" + Escape(h.Value)))}] " +
        $"body({Body.Length} bytes, base64 prefix)={Convert.ToBase64String(Body, 0, Math.Min(Body.Length, 600))}";

    private static string Escape(string value) =>
        (value.Length > 120 ? value[..120] + "…(" + value.Length + ")" : value).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
