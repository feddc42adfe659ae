using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Orleans.Connections.Security;

namespace Omniops.Actors.Client.Cluster;

/// <summary>
/// TLS between silos and between cluster clients and silos, and HTTPS on the gateway (section <c>Omniops:Tls</c>):
/// <c>Certificate</c> (a PKCS#12 file with the private key), <c>CertificatePassword</c>, and <c>CaCertificate</c> (a PEM
/// file of the authority that must have issued every peer's certificate). Both sides present and require a
/// certificate; a peer whose certificate does not chain to the CA cannot connect. Default: unset, no TLS.
/// </summary>
public sealed class TlsSettings(X509Certificate2 certificate, X509Certificate2 authority)
{
    public const string Section = "Omniops:Tls";

    public X509Certificate2 Certificate { get; } = certificate;

    public X509Certificate2 Authority { get; } = authority;

    public static TlsSettings? From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var certificatePath = section["Certificate"];
        if (string.IsNullOrWhiteSpace(certificatePath))
        {
            return null;
        }

        var authorityPath = section["CaCertificate"]
            ?? throw new InvalidOperationException("Omniops__Tls__Certificate is set but Omniops__Tls__CaCertificate is not: peers could not be verified.");
        return new TlsSettings(
            X509CertificateLoader.LoadPkcs12FromFile(certificatePath, section["CertificatePassword"]),
            X509Certificate2.CreateFromPem(File.ReadAllText(authorityPath)));
    }

    /// <summary>Mutual TLS for Orleans connections: present ours, require theirs, trust only our CA.</summary>
    public void Apply(TlsOptions options)
    {
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.RemoteCertificateValidation = (certificate, _, _) => IsIssuedByAuthority(certificate);
    }

    /// <summary>True when <paramref name="certificate"/> chains to the configured CA (and only to it).</summary>
    public bool IsIssuedByAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) && chain.ChainElements[^1].Certificate.Thumbprint == Authority.Thumbprint;
    }
}
