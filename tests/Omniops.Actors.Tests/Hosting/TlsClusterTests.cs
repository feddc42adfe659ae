using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Omniops.Actors.Client.Tenants;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Hosting;

/// <summary>
/// Two silo processes and a standalone gateway speaking mutual TLS to each other, the gateway serving HTTPS; a
/// client presenting a certificate from another authority is refused at the TLS handshake by the silos' gateway and
/// silo ports.
/// </summary>
public sealed class TlsClusterTests
{
    [Fact]
    public async Task ACertifiedClusterWorksEndToEndAndAStrangersCertificateIsRefused()
    {
        using var authority = new TestCertificates("omniops");
        using var stranger = new TestCertificates("stranger");
        var (application, owner, superuser) = await PostgresServer.Instance.CreateDatabaseAsync("tls");
        var settings = OmniopsTestCluster.Settings(application, owner, "tls", "omniops-tls", Path.GetTempFileName());
        var common = ProcessDeployment.Common(settings);
        common["Omniops__Tls__CaCertificate"] = authority.AuthorityPemPath;
        common["Omniops__Tls__CertificatePassword"] = "test";
        var (siloPort, gatewayPort) = (PostgresServer.FreePort(), PostgresServer.FreePort());
        using var https = authority.TrustingClient();
        await using var silo1 = ProcessDeployment.StartSilo(new Dictionary<string, string?>(With(common, authority.Issue("silo1")))
        {
            ["Omniops__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Omniops__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        }, "https");
        await using var silo2 = ProcessDeployment.StartSilo(With(common, authority.Issue("silo2")), "https");
        await silo1.WaitUntilReadyAsync(TimeSpan.FromSeconds(120), https);
        await silo2.WaitUntilReadyAsync(TimeSpan.FromSeconds(120), https);

        await using var gateway = ProcessDeployment.StartGateway(With(common, authority.Issue("gateway")), "https");
        var gatewayUrl = gateway.Url;
        await gateway.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), https);
        using var create = new HttpRequestMessage(HttpMethod.Post, new Uri(gatewayUrl, "/v1/tenants")) { Content = JsonContent.Create(new { name = "TLS Shop" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings["Omniops:OperatorKey"]);
        using var created = await https.SendAsync(create);
        var tenant = await created.Content.ReadFromJsonAsync<TenantCreatedResponse>();

        // Members' connections are opened first and left idle; the strangers' are opened after, on the same ports.
        using var membersCertificate = TestCertificates.Load(authority.Issue("member"));
        using var strangersCertificate = TestCertificates.Load(stranger.Issue("intruder"));
        await using var memberAtGateway = await TlsProbe.OpenAsync(gatewayPort, membersCertificate, authority);
        await using var memberAtSilo = await TlsProbe.OpenAsync(siloPort, membersCertificate, authority);
        await using var strangerAtGateway = await TlsProbe.OpenAsync(gatewayPort, strangersCertificate, authority);
        await using var strangerAtSilo = await TlsProbe.OpenAsync(siloPort, strangersCertificate, authority);
        var refusedAtGateway = await strangerAtGateway.RefusedAsync();
        var refusedAtSilo = await strangerAtSilo.RefusedAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.StartsWith("t", tenant!.TenantId, StringComparison.Ordinal);
        Assert.Equal(2L, await Sql.ScalarAsync(superuser, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3"));
        Assert.All(new[] { memberAtGateway, memberAtSilo, strangerAtGateway, strangerAtSilo }, probe => Assert.True(probe.ReachedTheCluster));
        Assert.True(refusedAtGateway, "The gateway port kept a connection presenting a stranger's certificate.");
        Assert.True(refusedAtSilo, "The silo port kept a connection presenting a stranger's certificate.");
        // Idle longer than the strangers' connections lived: what ended those was the certificate, not the silence.
        Assert.False(memberAtGateway.Ended, "The gateway port also dropped a member's connection.");
        Assert.False(memberAtSilo.Ended, "The silo port also dropped a member's connection.");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => new HttpClient().GetAsync(new Uri(gatewayUrl, "/health/live")));
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> common, string certificate) =>
        new(common) { ["Omniops__Tls__Certificate"] = certificate };

    /// <summary>
    /// A raw TLS connection to a silo's port presenting a client certificate, the silo's own certificate checked
    /// against the cluster's authority. The silo judges the client's certificate after its side of the handshake
    /// (TLS 1.3 lets the client finish first), so a refusal shows as the connection being ended: a failed handshake,
    /// or an alert or a close on the first read, which starts as soon as the handshake is done.
    /// </summary>
    private sealed class TlsProbe : IAsyncDisposable
    {
        private readonly TcpClient _tcp;
        private readonly SslStream _tls;
        private readonly Task<bool> _ended;

        private TlsProbe(TcpClient tcp, SslStream tls, Task<bool> ended, bool reachedTheCluster) =>
            (_tcp, _tls, _ended, ReachedTheCluster) = (tcp, tls, ended, reachedTheCluster);

        /// <summary>Whether the silo presented a certificate of the cluster's authority: this really was its TLS port.</summary>
        public bool ReachedTheCluster { get; }

        /// <summary>
        /// Whether the silo has ended the connection by now. A connection it is still holding, or on which it has begun
        /// its own protocol (a silo port greets a peer first), has not been ended.
        /// </summary>
        public bool Ended => _ended.IsCompletedSuccessfully && _ended.Result;

        public static async Task<TlsProbe> OpenAsync(int port, X509Certificate2 certificate, TestCertificates authority)
        {
            var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            var tls = new SslStream(tcp.GetStream());
            var reached = false;
            Task<bool> ended;
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = "localhost",
                    ClientCertificates = [certificate],
                    RemoteCertificateValidationCallback = (_, presented, _, _) => reached = authority.Issued(presented),
                });
                ended = EndedAsync(tls);
            }
            catch (Exception exception) when (exception is AuthenticationException or IOException)
            {
                ended = Task.FromResult(true);
            }

            return new TlsProbe(tcp, tls, ended, reached);
        }

        /// <summary>Whether the silo ends the connection within ten seconds (it does so at once when it refuses).</summary>
        public async Task<bool> RefusedAsync()
        {
            try
            {
                return await _ended.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _tls.DisposeAsync();
            _tcp.Dispose();
        }

        /// <summary>True when the first read finds the connection ended; false when the silo sends something first.</summary>
        private static async Task<bool> EndedAsync(SslStream tls)
        {
            try
            {
                return await tls.ReadAsync(new byte[1]) == 0;
            }
            catch (Exception exception) when (exception is AuthenticationException or IOException or ObjectDisposedException)
            {
                return true;
            }
        }
    }
}
