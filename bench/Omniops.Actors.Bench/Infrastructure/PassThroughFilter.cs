namespace Omniops.Actors.Bench.Infrastructure;

/// <summary>
/// An incoming call filter that does nothing: it stands in for the dashboard's GrainProfilerFilter, which every
/// production silo runs, so that a baseline with it pays Orleans' filter pipeline exactly as production does.
/// </summary>
public sealed class PassThroughFilter : IIncomingGrainCallFilter
{
    public Task Invoke(IIncomingGrainCallContext context) => context.Invoke();
}
