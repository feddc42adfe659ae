namespace Omniops.Actors.Grains.Audit;

/// <summary>The service's signing key (<c>Omniops:Signing</c>).</summary>
public sealed class SigningOptions
{
    public const string Section = "Omniops:Signing";

    /// <summary>
    /// A PEM file holding an ECDSA P-256 private key (<c>Omniops__Signing__KeyFile</c>), e.g. from
    /// <c>openssl ecparam -name prime256v1 -genkey -noout -out signing.pem</c>. Required with PostgreSQL; the embedded
    /// node makes an ephemeral one.
    /// </summary>
    public string? KeyFile { get; set; }
}
