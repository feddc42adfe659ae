using System.Globalization;
using Omniops.Actors.GrainInterfaces.Security;

namespace Omniops.Actors.Client.Web;

/// <summary>Small rendering helpers the pages share.</summary>
public static class Display
{
    /// <summary>The signed-in member's tenant (the pages run only behind the member policy).</summary>
    public static string Tenant => CallerContext.Current?.TenantId ?? throw new InvalidOperationException("No tenant caller.");

    public static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—";
}
