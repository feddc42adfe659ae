using Microsoft.Extensions.Options;
using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.GrainInterfaces.Tenants;
using Omniops.Actors.Grains.Ai;

namespace Omniops.Actors.Grains.Privacy;

/// <summary>
/// Builds a tenant's record of processing from what it connected and its settings plus what the deployment states
/// (<see cref="PrivacyOptions"/>, <see cref="AiProviderOptions"/>). Shared by the data map, the export and incidents.
/// </summary>
public sealed class DataMapBuilder(IOptions<PrivacyOptions> privacy, IOptions<AiProviderOptions> ai)
{
    public const string Conversations = "conversations";
    public const string ContactDetails = "contact details";
    public const string AttachmentMetadata = "attachment metadata";
    public const string Orders = "orders";
    public const string Shipping = "shipping";
    public const string Refunds = "refunds";

    public IReadOnlyList<string> Purposes => privacy.Value.EffectivePurposes;

    public IReadOnlyList<Subprocessor> Subprocessors =>
        [.. privacy.Value.Subprocessors.Select(s => new Subprocessor(s.Name, s.Purpose, s.Region, [.. s.DataCategories]))];

    /// <summary>The categories of personal data an integration brings; none for a credential that carries no data (a verify token).</summary>
    public static IReadOnlyList<string> CategoriesOf(string integration) => integration switch
    {
        ChannelNames.WhatsApp or ChannelNames.Generic => [Conversations, ContactDetails, AttachmentMetadata],
        ChannelNames.Shopify => [Orders, Shipping, Refunds, ContactDetails],
        _ => [],
    };

    public DataMap Build(IEnumerable<string> integrations, TenantSettings settings)
    {
        var provider = ai.Value;
        var aiView = provider.IsConfigured
            ? new DataMapAiProvider(true, settings.Ai.Enabled, provider.ProviderHost, provider.Model, provider.Region, provider.RetentionDays, settings.Ai.AutoSend,
                Omniops.Actors.Grains.Conversations.OutboundMessages.AiLabel)
            : new DataMapAiProvider(false, settings.Ai.Enabled, null, null, null, null, settings.Ai.AutoSend);
        return new DataMap(
            [.. integrations.Order(StringComparer.Ordinal).Select(i => new DataMapIntegration(i, CategoriesOf(i)))],
            aiView, Subprocessors, Purposes, settings.Retention);
    }
}
