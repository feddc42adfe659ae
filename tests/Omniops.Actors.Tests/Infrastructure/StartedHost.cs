namespace Omniops.Actors.Tests.Infrastructure;

/// <summary>A started executable and the HTTP address it serves; disposing it kills the process.</summary>
public sealed record StartedHost(HostProcess Process, Uri Url) : IAsyncDisposable
{
    public Task WaitUntilReadyAsync(TimeSpan timeout, HttpClient? client = null) =>
        Process.WaitUntilReadyAsync(new Uri(Url, "/health/ready"), timeout, client);

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
