using System.Text.Encodings.Web;
using System.Text.Json;
using FunnelStudio.Portal.Ui;

namespace FunnelStudio.Portal.Tests.Ui;

/// <summary>A page's JSON data block can hold any label without ending its element, and reads back as the same value.</summary>
public sealed class JsonBlockTests
{
    private static string Html(string id, string json)
    {
        using var writer = new StringWriter();
        JsonBlock.Script(id, json).WriteTo(writer, HtmlEncoder.Default);
        return writer.ToString();
    }

    [Fact]
    public void ALabelThatClosesTheScript_StaysInsideTheBlock_AndReadsBackUnchanged()
    {
        var label = "</script><script>alert(1)</script> <!-- 赢单 & \"won\"";
        // Serialized without System.Text.Json's escaping, as a serializer that does not escape would write it.
        var json = JsonSerializer.Serialize(new { label }, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        var html = Html("fs-data", json);
        var inner = html[(html.IndexOf('>') + 1)..html.LastIndexOf("</script>", StringComparison.Ordinal)];

        Assert.StartsWith("<script type=\"application/json\" id=\"fs-data\">", html);
        Assert.DoesNotContain("<", inner);
        Assert.Equal(label, JsonDocument.Parse(inner).RootElement.GetProperty("label").GetString());
    }

    [Fact]
    public void TheId_IsAttributeEncoded()
    {
        var html = Html("x\" onload=\"alert(1)", "null");

        Assert.StartsWith("<script type=\"application/json\" id=\"x&quot; onload=&quot;alert(1)\">null</script>", html);
    }
}
