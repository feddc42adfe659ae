using System.Net.Http.Headers;
using System.Text;

namespace Omniops.Actors.Tests.Channels;

/// <summary>
/// Changes one byte of a request body after it was signed: the first character of the first occurrence of a marker
/// becomes another, so the delivery carries a signature made over the genuine bytes.
/// </summary>
public sealed class TamperingHandler(string marker, char replacement) : DelegatingHandler(new HttpClientHandler())
{
    /// <summary>A client for the gateway at <paramref name="address"/> whose POST bodies are tampered with in flight.</summary>
    public static HttpClient Client(Uri address, string marker, char replacement) =>
        new(new TamperingHandler(marker, replacement)) { BaseAddress = address };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.Content!;
        var body = await original.ReadAsByteArrayAsync(cancellationToken);
        var at = Encoding.ASCII.GetString(body).IndexOf(marker, StringComparison.Ordinal);
        if (at < 0 || body[at] == (byte)replacement)
        {
            throw new InvalidOperationException("The marker is not in the body, or the replacement changes nothing.");
        }

        body[at] = (byte)replacement;
        var tampered = new ByteArrayContent(body);
        tampered.Headers.ContentType = MediaTypeHeaderValue.Parse(original.Headers.ContentType!.ToString());
        request.Content = tampered;
        return await base.SendAsync(request, cancellationToken);
    }
}
