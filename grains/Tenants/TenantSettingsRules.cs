using System.Text.RegularExpressions;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Tenants;

namespace Omniops.Actors.Grains.Tenants;

/// <summary>Validates and applies settings changes; a rejected patch changes nothing.</summary>
public static partial class TenantSettingsRules
{
    public const int MaxRegions = 10;
    public const int MaxNameLength = 200;
    public const decimal MaxRefundApprovalThreshold = 1_000_000m;

    public static TenantSettings Apply(TenantSettings current, TenantSettingsPatch patch)
    {
        var retention = current.Retention with
        {
            Conversations = Retention(patch.ConversationRetention, current.Retention.Conversations, "retention.conversations"),
            Orders = Retention(patch.OrderRetention, current.Retention.Orders, "retention.orders"),
            AuditLog = Retention(patch.AuditLogRetention, current.Retention.AuditLog, "retention.auditLog"),
        };
        var regions = patch.AiAllowedRegions ?? current.Ai.AllowedRegions;
        if (regions.Count > MaxRegions || regions.Any(r => !IsRegion(r)))
        {
            throw new RequestValidationException($"ai.allowedRegions takes at most {MaxRegions} region codes such as \"eu\" or \"us-east\".");
        }

        var ai = new AiSettings(
            patch.AiEnabled ?? current.Ai.Enabled,
            patch.AiAutoSend ?? current.Ai.AutoSend,
            patch.AiTrainingOptIn ?? current.Ai.TrainingOptIn,
            regions.Distinct(StringComparer.Ordinal).ToArray());
        if (ai.AutoSend && !ai.Enabled)
        {
            throw new RequestValidationException("ai.autoSend needs ai.enabled.");
        }

        var threshold = patch.RefundApprovalThreshold ?? current.RefundApprovalThreshold;
        if (threshold < 0m || threshold > MaxRefundApprovalThreshold || threshold.Scale > 4)
        {
            throw new RequestValidationException($"actions.refundApprovalThreshold must lie between 0 and {MaxRefundApprovalThreshold} with at most 4 decimals.");
        }

        return new TenantSettings(retention, ai) { RefundApprovalThreshold = threshold };
    }

    public static bool IsRegion(string? value) => value is not null && RegionPattern().IsMatch(value);

    public static void ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            throw new RequestValidationException($"name is required and takes at most {MaxNameLength} characters.");
        }
    }

    private static TimeSpan Retention(TimeSpan? requested, TimeSpan current, string field)
    {
        if (requested is not { } value)
        {
            return current;
        }

        return value >= RetentionSettings.Minimum && value <= RetentionSettings.Maximum
            ? value
            : throw new RequestValidationException($"{field} must lie between P1D and P3653D.");
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z0-9]{1,20}){0,2}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
