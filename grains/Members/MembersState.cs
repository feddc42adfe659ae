namespace Omniops.Actors.Grains.Members;

[GenerateSerializer, Alias("omniops.members-state")]
public sealed class MembersState
{
    [Id(0)] public List<MemberRecord> Members { get; set; } = [];
    [Id(1)] public List<InvitationRecord> Invitations { get; set; } = [];
    [Id(2)] public List<SessionRecord> Sessions { get; set; } = [];
}
