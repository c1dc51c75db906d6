namespace FunnelStudio.Storage.Outbox;

/// <summary>The lengths of the outbox's text columns; longer descriptions and errors are cut to fit, a longer kind is refused.</summary>
internal static class OutboxLimits
{
    public const int Kind = 100;
    public const int Description = 500;
    public const int LastError = 2000;
}

/// <summary>The stored names of <see cref="FunnelStudio.Outbox.OutboxStatus"/>.</summary>
internal static class OutboxStatusNames
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Dead = "dead";

    public static string Of(FunnelStudio.Outbox.OutboxStatus status) => status switch
    {
        FunnelStudio.Outbox.OutboxStatus.Pending => Pending,
        FunnelStudio.Outbox.OutboxStatus.Done => Done,
        FunnelStudio.Outbox.OutboxStatus.Dead => Dead,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static FunnelStudio.Outbox.OutboxStatus Parse(string status) => status switch
    {
        Done => FunnelStudio.Outbox.OutboxStatus.Done,
        Dead => FunnelStudio.Outbox.OutboxStatus.Dead,
        _ => FunnelStudio.Outbox.OutboxStatus.Pending,
    };
}
