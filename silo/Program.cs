using Microsoft.Extensions.Hosting;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Logging;
using Omniops.Actors.Grains;
using Omniops.Actors.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniopsLogging();
builder.UseOrleans(silo => silo
    .AddOmniops()
    .UseOmniopsEndpoints()
    .UseOmniopsMembership()
    .UseOmniopsTls()
    .AddOmniopsDashboard());
builder.AddOmniopsGateway();
builder.AddOmniopsDashboard();

var app = builder.Build();
app.MapOmniopsGateway();
app.MapOmniopsDashboard();
return await app.RunOrExplainAsync();
