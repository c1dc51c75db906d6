using Microsoft.AspNetCore.Html;

namespace FunnelStudio.Portal.Ui;

/// <summary>
/// The markup of one <see cref="FieldDisplay"/>, text and link always HTML-encoded. A list page
/// shows a few hundred values, so they are written directly rather than through a partial view
/// each (a partial costs a view lookup and a view context per value); <c>_FieldValue.cshtml</c>
/// renders this too, so there is one markup.
/// </summary>
public static class FieldDisplayHtml
{
    public static IHtmlContent Html(this FieldDisplay display)
    {
        var html = new HtmlContentBuilder(7);
        if (display.IsEmpty) return html.AppendHtml("<span class=\"text-body-secondary\">—</span>");
        if (display.Muted) return html.AppendHtml("<span class=\"text-body-secondary fst-italic\">").Append(display.Text).AppendHtml("</span>");
        if (display.Href is not { } href) return html.Append(display.Text);
        html.AppendHtml("<a href=\"").Append(href).AppendHtml("\"");
        if (display.External) html.AppendHtml(" rel=\"noopener noreferrer\"");
        if (display.External && href.StartsWith("http", StringComparison.Ordinal)) html.AppendHtml(" target=\"_blank\"");
        return html.AppendHtml(">").Append(display.Text).AppendHtml("</a>");
    }
}
