namespace Omniops.Actors.Grains.Conversations;

/// <summary>How the message store commits (<c>Omniops:Conversations</c>).</summary>
public sealed class ConversationOptions
{
    public const string Section = "Omniops:Conversations";

    /// <summary>The most messages one transaction stores. Default 512.</summary>
    public int MaxBatch { get; set; } = 512;

    /// <summary>How many batches may be committing at once per silo (one gathers while another commits). Default 2.</summary>
    public int Writers { get; set; } = 2;
}
