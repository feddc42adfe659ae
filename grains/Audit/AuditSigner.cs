using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Audit;

namespace Omniops.Actors.Grains.Audit;

/// <summary>
/// Signs audit checkpoints with the service's ECDSA P-256 key (<c>Omniops__Signing__KeyFile</c>), which the database
/// never holds: a superuser can delete a checkpoint but not forge one. The same key signs privacy receipts. Signatures are DER, as openssl writes them.
/// </summary>
public sealed partial class AuditSigner : IDisposable
{
    internal const string Setting = "Omniops__Signing__KeyFile";
    private readonly ECDsa _key;

    public AuditSigner(IOptions<SigningOptions> options, OmniopsDeployment deployment, ILogger<AuditSigner> logger)
    {
        _key = ECDsa.Create();
        var file = options.Value.KeyFile;
        if (string.IsNullOrWhiteSpace(file))
        {
            if (!deployment.IsEmbedded)
            {
                throw new InvalidOperationException($"PostgreSQL is configured but no signing key is: set {Setting} to a PEM file holding an ECDSA P-256 private key.");
            }

            LogEphemeralKey(logger);
            _key.GenerateKey(ECCurve.NamedCurves.nistP256);
        }
        else
        {
            try
            {
                _key.ImportFromPem(File.ReadAllText(file));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
            {
                // The cause stays out: start-up prints the innermost message, which must name the setting.
                throw new InvalidOperationException($"{Setting} must name a readable PEM file holding an ECDSA P-256 private key ({exception.GetType().Name}).");
            }

            if (_key.KeySize != 256)
            {
                throw new InvalidOperationException($"{Setting} must hold an ECDSA P-256 private key.");
            }
        }

        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()))[..16];
    }

    /// <summary>Names the public key: the first 16 hex digits of the SHA-256 of its DER SubjectPublicKeyInfo.</summary>
    public string KeyId { get; }

    /// <summary>Signs a document's exact bytes (ECDSA P-256 over SHA-256, DER), as <c>openssl dgst -sha256 -sign</c> would.</summary>
    public byte[] SignDocument(ReadOnlySpan<byte> document) =>
        _key.SignData(document, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>The public key (SubjectPublicKeyInfo PEM) that verifies this service's checkpoints.</summary>
    public string PublicKeyPem { get; }

    public AuditCheckpoint Sign(string tenantId, long sequence, byte[] hash, DateTimeOffset signedAt)
    {
        var draft = new AuditCheckpoint(tenantId, sequence, hash, AuditChain.ToStoredPrecision(signedAt), [], PublicKeyPem);
        return draft with { Signature = _key.SignData(Encoding.UTF8.GetBytes(draft.SignedText()), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence) };
    }

    public bool Verifies(AuditCheckpoint checkpoint) =>
        _key.VerifyData(Encoding.UTF8.GetBytes(checkpoint.SignedText()), checkpoint.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public void Dispose() => _key.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "NO SIGNING KEY CONFIGURED: the embedded node signs audit checkpoints with an ephemeral key. Set Omniops__Signing__KeyFile.")]
    private static partial void LogEphemeralKey(ILogger logger);
}
