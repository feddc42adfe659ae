using Omniops.Actors.Client.Cluster;
using Omniops.Actors.Client.Http;
using Omniops.Actors.Client.Logging;

var builder = WebApplication.CreateBuilder(args);
builder.AddOmniopsLogging();
builder.UseOmniopsClusterClient();
builder.AddOmniopsGateway();

var app = builder.Build();
app.MapOmniopsGateway();
return await app.RunOrExplainAsync();
