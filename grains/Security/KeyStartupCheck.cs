using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.Grains.Security.Keys;

namespace Omniops.Actors.Grains.Security;

/// <summary>
/// Before the silo accepts work: loads the master key(s) — a missing or malformed key stops start-up with one clear
/// error — and checks that they can unwrap every stored tenant key (after the migrations have run).
/// </summary>
internal sealed class KeyStartupCheck(IServiceProvider services) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(KeyStartupCheck), ServiceLifecycleStage.First, _ =>
        {
            services.GetRequiredService<IKeyEncryptionKeyProvider>();
            return Task.CompletedTask;
        });
        lifecycle.Subscribe(nameof(KeyStartupCheck), ServiceLifecycleStage.RuntimeInitialize - 1,
            cancellationToken => services.GetRequiredService<TenantKeyring>().RequireUnwrappableAsync(cancellationToken));
    }
}
