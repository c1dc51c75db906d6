using FunnelStudio.Engine.Tests.Support;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Loading;

/// <summary>A field may narrow its type's range but not widen it: every sum of its values must fit.</summary>
public class NumericLimitDiagnosticsTests
{
    [Theory]
    [InlineData("amount", "max", 1e18)]
    [InlineData("amount", "min", -2e15)]
    [InlineData("discount", "max", 2e6)]
    public void Load_MinOrMaxBeyondTheTypesRange_IsFS1009(string field, string key, double bound)
    {
        var result = PackageBuilder.Minimal()
            .EditObject("deal", o => JsonEdit.Field(o, field)[key] = (decimal)bound)
            .Load();

        var index = field == "amount" ? 2 : 3;
        var d = DiagnosticAssert.Has(result, "FS1009", Error, "objects/deal.json", $"$.fields[{index}].{key}");
        Assert.Contains("beyond what a", d.Message);
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_MaxAtTheTypesLimit_IsValid()
    {
        var result = PackageBuilder.Minimal()
            .EditObject("deal", o => JsonEdit.Field(o, "amount")["max"] = 1_000_000_000_000_000m)
            .Load();

        Assert.True(result.Succeeded, DiagnosticAssert.Describe(result));
    }
}
