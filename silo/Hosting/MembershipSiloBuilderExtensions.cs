using Omniops.Actors.GrainInterfaces;
using Orleans.Configuration;

namespace Omniops.Actors.Silo.Hosting;

public static class MembershipSiloBuilderExtensions
{
    /// <summary>The configuration section of Orleans' failure detection (<see cref="ClusterMembershipOptions"/>).</summary>
    public const string Section = ClusterSettings.Section + ":Membership";

    /// <summary>The configuration section of the silo's messaging (<see cref="SiloMessagingOptions"/>, e.g. <c>ResponseTimeout</c>).</summary>
    public const string MessagingSection = ClusterSettings.Section + ":Messaging";

    /// <summary>The configuration section of the silo's reminder service (<see cref="ReminderOptions"/>, e.g. <c>MinimumReminderPeriod</c>).</summary>
    public const string RemindersSection = ClusterSettings.Section + ":Reminders";

    /// <summary>
    /// Orleans' failure detection from <c>Omniops__Cluster__Membership__*</c>, bound onto
    /// <see cref="ClusterMembershipOptions"/> (e.g. <c>__ProbeTimeout</c>, <c>__NumMissedProbesLimit</c>,
    /// <c>__NumVotesForDeathDeclaration</c>); unset keys keep Orleans' defaults (a probe every 5 s, dead after 3 missed
    /// probes: about 15 s from a kill to the silo's eviction), and the silo's messaging from
    /// <c>Omniops__Cluster__Messaging__*</c> (<see cref="SiloMessagingOptions"/>, e.g. <c>__ResponseTimeout</c>), and its
    /// reminder service from <c>Omniops__Cluster__Reminders__*</c> (<see cref="ReminderOptions"/>, e.g.
    /// <c>__MinimumReminderPeriod</c>: one minute unless set; the fault tests lower it so that interrupted privacy work
    /// and retention sweeps resume within seconds).
    /// </summary>
    public static ISiloBuilder UseOmniopsMembership(this ISiloBuilder builder)
    {
        builder.Services.Configure<ClusterMembershipOptions>(builder.Configuration.GetSection(Section));
        builder.Services.Configure<SiloMessagingOptions>(builder.Configuration.GetSection(MessagingSection));
        builder.Services.Configure<ReminderOptions>(builder.Configuration.GetSection(RemindersSection));
        return builder;
    }
}
