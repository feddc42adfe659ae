using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces;

namespace Omniops.Actors.Client.Security;

/// <summary>
/// The operator key, kept only as its SHA-256 and compared in constant time. When none is configured and the node is
/// embedded, one is generated and printed once to the console (never through the logger).
/// </summary>
public sealed class OperatorKey
{
    private readonly byte[] _hash;

    public OperatorKey(IOptions<GatewayOptions> options, OmniopsDeployment deployment)
    {
        var key = options.Value.OperatorKey;
        if (string.IsNullOrEmpty(key))
        {
            if (!deployment.IsEmbedded)
            {
                throw new InvalidOperationException("PostgreSQL is configured but no operator key is: set Omniops__OperatorKey (32+ characters).");
            }

            key = "opk." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            Console.WriteLine($"""

                ==== Omniops embedded node ====
                Operator key (shown once, valid until this process exits): {key}
                ===============================

                """);
        }

        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    public bool Matches(string presented) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _hash);
}
