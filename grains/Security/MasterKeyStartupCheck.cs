using Microsoft.Extensions.DependencyInjection;

namespace Omniops.Actors.Grains.Security;

/// <summary>Loads the master key before the silo accepts work, so a missing or malformed key stops start-up with one clear error.</summary>
internal sealed class MasterKeyStartupCheck(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MasterKeyStartupCheck), ServiceLifecycleStage.First, _ =>
        {
            services.GetRequiredService<MasterKey>();
            return Task.CompletedTask;
        });
}
