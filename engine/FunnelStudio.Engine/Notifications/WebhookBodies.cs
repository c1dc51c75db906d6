using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunnelStudio.Notifications;

/// <summary>
/// The JSON a notification webhook posts, by format: FunnelStudio's own (<c>generic</c>: title, HTML
/// body, plain text, link, event, record), or the text/markdown message a DingTalk, Feishu/Lark or
/// WeCom group bot takes (bots show no HTML, so they get the body as plain text).
/// </summary>
public static partial class WebhookBodies
{
    [GeneratedRegex("<(br|/p|/div|/li|/h[1-6]|/tr)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreaks();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\n\s*\n\s*(\n\s*)+")]
    private static partial Regex BlankLines();

    public static string For(string format, NotificationRequest request, RenderedNotification rendered, string? link)
    {
        var text = PlainText(rendered.Body);
        var withLink = link is null ? text : $"{text}\n{link}";
        JsonNode body = format switch
        {
            "dingtalk" => new JsonObject
            {
                ["msgtype"] = "markdown",
                ["markdown"] = new JsonObject { ["title"] = rendered.Title, ["text"] = $"### {rendered.Title}\n\n{withLink}" },
            },
            "wecom" => new JsonObject
            {
                ["msgtype"] = "markdown",
                ["markdown"] = new JsonObject { ["content"] = $"**{rendered.Title}**\n{withLink}" },
            },
            "feishu" => new JsonObject
            {
                ["msg_type"] = "text",
                ["content"] = new JsonObject { ["text"] = $"{rendered.Title}\n{withLink}" },
            },
            _ => new JsonObject
            {
                ["event"] = request.Event,
                ["template"] = request.Template,
                ["object"] = request.Object,
                ["recordId"] = request.RecordId?.ToString(),
                ["title"] = rendered.Title,
                ["body"] = rendered.Body,
                ["text"] = text,
                ["link"] = link,
                ["values"] = new JsonObject(request.Values.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))),
            },
        };
        return body.ToJsonString();
    }

    /// <summary>HTML as text: line breaks where blocks end, tags dropped, entities decoded, blank runs collapsed.</summary>
    public static string PlainText(string html)
    {
        var text = WebUtility.HtmlDecode(Tags().Replace(LineBreaks().Replace(html, "\n"), ""));
        return BlankLines().Replace(text.Replace("\r", ""), "\n\n").Trim();
    }
}
