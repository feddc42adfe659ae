namespace Omniops.Actors.Client.Security;

/// <summary>
/// Endpoint metadata of the webhook routes: anonymous to ASP.NET Core, they authenticate the sender by the delivery's
/// signature themselves, so the source-address rate limit is spent by their refusals rather than by every request.
/// </summary>
public sealed class SignedDeliveryEndpoint
{
    public static SignedDeliveryEndpoint Instance { get; } = new();

    private SignedDeliveryEndpoint()
    {
    }
}
