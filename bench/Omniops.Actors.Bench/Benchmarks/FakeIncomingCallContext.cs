using System.Reflection;
using Orleans.Serialization.Invocation;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// The least an <see cref="IIncomingGrainCallContext"/> must offer the isolation filter on its success path (interface
/// method and target id); the invocation itself completes at once. For timing the filter's own code in a tight loop.
/// </summary>
public sealed class FakeIncomingCallContext(GrainId target) : IIncomingGrainCallContext
{
    private static readonly MethodInfo GetMethod = typeof(ITenantGrain).GetMethod(nameof(ITenantGrain.GetAsync))!;

    public MethodInfo InterfaceMethod => GetMethod;

    public GrainId TargetId { get; } = target;

    public IGrainContext TargetContext => throw new NotSupportedException();

    public MethodInfo ImplementationMethod => throw new NotSupportedException();

    public IInvokable Request => throw new NotSupportedException();

    public object Grain => throw new NotSupportedException();

    public GrainId? SourceId => null;

    public GrainInterfaceType InterfaceType => throw new NotSupportedException();

    public string InterfaceName => nameof(ITenantGrain);

    public string MethodName => GetMethod.Name;

    public object? Result { get; set; }

    public Response? Response { get; set; }

    public Task Invoke() => Task.CompletedTask;
}
