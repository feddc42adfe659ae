using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Omniops.Actors.Grains.Members;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Members;

/// <summary>A browser-like client of the test gateway (its own cookie jar), and the member flows the tests repeat.</summary>
public sealed class MemberClient : IDisposable
{
    private readonly ClusterFixture fixture;
    private readonly HttpClient _http;

    public MemberClient(ClusterFixture fixture)
    {
        this.fixture = fixture;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true }) { BaseAddress = fixture.Http.BaseAddress };
    }

    public CookieContainer Cookies { get; } = new();

    public const string Password = "correct horse battery staple";

    public static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@example.com";

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) =>
        _http.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> SignInAsync(string? tenantId, string email, string password, string? totp = null) =>
        SendAsync(HttpMethod.Post, "/auth/sign-in", new { tenantId, email, password, totp });

    /// <summary>The session cookie's value (what the browser holds).</summary>
    public Cookie? SessionCookie => Cookies.GetCookies(_http.BaseAddress!).FirstOrDefault(c => c.Name == Client.Security.SessionCookie.Name);

    /// <summary>Invites <paramref name="email"/> with the admin key; the link token.</summary>
    public static async Task<string> InviteAsync(ClusterFixture fixture, string adminKey, string email, string role = "admin")
    {
        using var response = await fixture.SendAsync(HttpMethod.Post, "/v1/members/invitations", adminKey, new { email, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Invites, accepts and signs in: the member id.</summary>
    public async Task<string> JoinAsync(string tenantId, string adminKey, string email, string role = "admin")
    {
        var token = await InviteAsync(fixture, adminKey, email, role);
        using var accepted = await SendAsync(HttpMethod.Post, "/auth/invitations/accept", new { token, password = Password });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        using var signedIn = await SignInAsync(tenantId, email, Password);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("memberId").GetString()!;
    }

    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text)
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }

    public static string CodeAt(byte[] secret, long step) => Totp.Code(secret, step);

    public void Dispose() => _http.Dispose();
}
