using System.ComponentModel.DataAnnotations;

namespace Omniops.Actors.Client.Security;

/// <summary>The gateway's own settings (section <c>Omniops</c>). Never printed.</summary>
public sealed class GatewayOptions
{
    public const string Section = "Omniops";

    /// <summary>
    /// The operator bearer key (<c>Omniops__OperatorKey</c>), at least 32 characters. Default: unset; the embedded node
    /// then generates one and prints it once on the console, and a PostgreSQL deployment refuses to start.
    /// </summary>
    [MinLength(32)]
    public string? OperatorKey { get; set; }

    /// <summary>The largest request body accepted, in bytes. Default: 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public override string ToString() => $"{nameof(GatewayOptions)} {{ OperatorKey = {(OperatorKey is null ? "unset" : "[redacted]")} }}";
}
