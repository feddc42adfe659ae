using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Omniops.Actors.Bench.Webhooks;

/// <summary>
/// The baseline: a minimal ASP.NET Core app (slim builder, Kestrel on a free loopback port, no logging) with one
/// route, <see cref="BaselineWebhookEndpoint"/>, over one NpgsqlDataSource whose pool fits every sender, writing each
/// delivery as its <see cref="BaselineWriteMode"/> says.
/// </summary>
public sealed class BaselineServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _dataSource;

    private BaselineServer(WebApplication app, NpgsqlDataSource dataSource, BaselineStore store, Uri address) =>
        (_app, _dataSource, Store, Address) = (app, dataSource, store, address);

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    public BaselineStore Store { get; }

    /// <param name="connectionString">The database the baseline owns (its tables are created here).</param>
    /// <param name="secrets">Tenant id → webhook secret (UTF-8 bytes).</param>
    /// <param name="senders">Concurrent senders the pool must serve without waiting.</param>
    /// <param name="mode">How a delivery's two inserts reach PostgreSQL.</param>
    public static async Task<BaselineServer> StartAsync(string connectionString, IReadOnlyDictionary<string, byte[]> secrets, int senders, BaselineWriteMode mode)
    {
        var source = new NpgsqlDataSourceBuilder(connectionString);
        source.ConnectionStringBuilder.MaxPoolSize = senders + 8;
        source.ConnectionStringBuilder.MinPoolSize = 0;
        source.ConnectionStringBuilder.MaxAutoPrepare = 8;
        source.ConnectionStringBuilder.NoResetOnClose = true;
        var dataSource = source.Build();
        var store = new BaselineStore(dataSource, mode);
        await store.CreateSchemaAsync();

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = BaselineWebhookEndpoint.MaxBodyBytes);
        var app = builder.Build();
        var endpoint = new BaselineWebhookEndpoint(secrets, store);
        app.MapPost("/webhooks/{tenantId}/generic", (string tenantId, HttpContext context) => endpoint.HandleAsync(tenantId, context));
        await app.StartAsync();
        return new BaselineServer(app, dataSource, store, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
