namespace FunnelStudio.Metadata;

/// <summary>What a notification rule reacts to.</summary>
public enum NotificationEvent
{
    /// <summary>A record moved to another stage (<see cref="NotificationRuleDefinition.Stage"/>: only to that one).</summary>
    StageChanged,
    /// <summary>A record was created.</summary>
    Created,
}

/// <summary>
/// A package's notification rule (<c>package.json</c> <c>"notifications"</c>): when a save of an
/// <see cref="Object"/> record matches <see cref="Event"/> (and <see cref="Stage"/>), render
/// <see cref="Template"/> for the parties in <see cref="To"/> and, when set, post it to <see cref="Webhook"/>.
/// </summary>
public sealed record NotificationRuleDefinition(string Name, string Object, NotificationEvent Event, string Template, IReadOnlyList<Party> To)
{
    /// <summary>For <see cref="NotificationEvent.StageChanged"/>: the stage the record moved to; null: any move.</summary>
    public string? Stage { get; init; }
    public NotificationWebhook? Webhook { get; init; }
    public string File { get; init; } = "package.json";
    public string Path { get; init; } = "";
}

/// <summary>Where a rule also posts its notification: a URL, the body's format, and the signing secret.</summary>
public sealed record NotificationWebhook(string Url, string Format, string? Secret)
{
    /// <summary>generic (FunnelStudio's JSON), or the text message of a DingTalk, Feishu/Lark or WeCom bot.</summary>
    public static readonly IReadOnlyList<string> Formats = ["generic", "dingtalk", "feishu", "wecom"];
}
