namespace FunnelStudio.Engine.Tests.Templates;

/// <summary>How values print: escaped, invariant numbers, dates as yyyy-MM-dd HH:mm, dotted keys reachable.</summary>
public sealed class RenderingTests
{
    private static Dictionary<string, object?> Model => new()
    {
        ["record"] = new Dictionary<string, object?>
        {
            ["amount"] = 1234567.5m,
            ["when"] = new DateTime(2026, 3, 4, 5, 6, 7),
            ["tags"] = new[] { "a", "b" },
            ["won"] = true,
            ["missing"] = null,
        },
        ["values"] = new Dictionary<string, object?> { ["approval.step_label"] = "Finance" },
    };

    [Fact]
    public void Dates_PrintAsIsoMinutes_UnlessFormatted()
    {
        var result = TemplateTestPackage.Render("{{ record.when }}|{{ record.when | date.to_string '%d/%m/%Y' }}", Model);
        Assert.Equal("2026-03-04 05:06|04/03/2026", result.Output);
    }

    [Fact]
    public void Numbers_AreInvariant()
    {
        var result = TemplateTestPackage.Render("{{ record.amount }}|{{ record.amount | math.format '#,0.00' }}|{{ record.amount * 2 }}", Model);
        Assert.Equal("1234567.5|1,234,567.50|2469135.0", result.Output);
    }

    [Fact]
    public void ListsBooleansAndMissingValues_Print()
    {
        var result = TemplateTestPackage.Render("{{ record.tags | array.join ', ' }}|{{ record.won }}|{{ record.missing }}|{{ record.nope.deeper }}", Model);
        Assert.Equal("a, b|true||", result.Output);
    }

    [Fact]
    public void DottedKeys_AreReachableBothWays()
    {
        var result = TemplateTestPackage.Render("{{ values['approval.step_label'] }}|{{ values.approval.step_label }}", Model);
        Assert.Equal("Finance|Finance", result.Output);
    }

    [Fact]
    public void TemplateText_IsNotEscaped_ButValuesAre()
    {
        var result = TemplateTestPackage.Render("<b>{{ '<i>' }}</b>", Model);
        Assert.Equal("<b>&lt;i&gt;</b>", result.Output);
    }

    [Fact]
    public void MisspeltFunction_IsAnError()
    {
        var result = TemplateTestPackage.Render("{{ record.amount | math.formatt '0' }}", Model);
        Assert.False(result.Succeeded);
        Assert.Contains("templates/t.sbn", result.Error);
    }
}
