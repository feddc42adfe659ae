using Microsoft.AspNetCore.Http;

namespace Omniops.Actors.Client.Http;

/// <summary>
/// Each listener serves only its own routes, decided by the port the connection arrived on (a <c>Host:</c> header
/// cannot move a request across): an endpoint bound to a listener (<see cref="ListenerBinding"/> metadata) answers 404
/// elsewhere, and a reserved listener answers 404 for every other endpoint.
/// </summary>
public sealed class ListenerSeparationMiddleware(RequestDelegate next, IEnumerable<ListenerBinding> reserved)
{
    private readonly int[] _reservedPorts = [.. reserved.Select(r => r.Port)];

    public Task InvokeAsync(HttpContext context)
    {
        var port = context.Connection.LocalPort;
        var binding = context.GetEndpoint()?.Metadata.GetMetadata<ListenerBinding>();
        var misplaced = binding is not null ? binding.Port != port : _reservedPorts.Contains(port);
        return misplaced ? Problems.NotFound().ExecuteAsync(context) : next(context);
    }
}
