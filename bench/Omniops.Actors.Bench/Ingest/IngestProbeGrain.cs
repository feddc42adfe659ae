using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Bench.Ingest;

/// <summary>See <see cref="IIngestProbeGrain"/>. The subject key is fetched once per activation, as a customer grain would.</summary>
public sealed class IngestProbeGrain(
    [PersistentState("ingest-probe", StorageNames.Main)] IPersistentState<IngestProbeState> state,
    SubjectKeyring subjects) : Grain, IIngestProbeGrain
{
    private DataKey? _subjectKey;

    public async Task IngestAsync(byte[] body, bool encrypt)
    {
        if (encrypt)
        {
            var key = GrainKeys.TenantOf(this.GetPrimaryKeyString());
            _subjectKey ??= await subjects.GetOrCreateAsync(key, GrainKeys.LocalOf(this.GetPrimaryKeyString()));
            state.State.LastMessage = FieldCipher.Seal(_subjectKey, this.GetGrainId().ToString(), "message-body", body);
        }
        else
        {
            state.State.LastMessage = new EncryptedField("plain", 0, [], body, []);
        }

        state.State.Count++;
        await state.WriteStateAsync();
    }
}
