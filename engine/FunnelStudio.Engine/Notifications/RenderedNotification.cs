using System.Net;

namespace FunnelStudio.Notifications;

/// <summary>
/// A rendered template split by the convention: the first line is the title (the email's subject),
/// kept as plain text; the rest is the HTML body.
/// </summary>
public sealed record RenderedNotification(string Title, string Body)
{
    /// <summary>The most characters of a title (the inbox column and a sane subject).</summary>
    public const int MaxTitle = 300;

    public static RenderedNotification Split(string output)
    {
        var text = output.TrimStart('\r', '\n', ' ', '\t');
        var end = text.IndexOf('\n');
        var first = (end < 0 ? text : text[..end]).Trim();
        var body = end < 0 ? "" : text[(end + 1)..].Trim();
        // The renderer escaped the values for HTML; a subject and the inbox's title are text.
        var title = WebUtility.HtmlDecode(first);
        if (title.Length > MaxTitle) title = title[..(MaxTitle - 1)] + "…";
        return new RenderedNotification(title, body);
    }
}
