using FunnelStudio.Records;

namespace FunnelStudio.Engine.Tests.Records;

public class RecordValuesTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("  ", false)]
    [InlineData("x", true)]
    [InlineData(0, true)]
    [InlineData(false, true)]
    public void IsFilled_CountsOnlyRealValues(object? value, bool filled)
    {
        Assert.Equal(filled, RecordValues.IsFilled(value));
    }

    [Fact]
    public void IsFilled_EmptyListIsNotFilled()
    {
        Assert.False(RecordValues.IsFilled(Array.Empty<string>()));
        Assert.True(RecordValues.IsFilled(new[] { "vip" }));
    }

    [Fact]
    public void With_CopiesAndLeavesTheOriginalUnchanged()
    {
        var original = new RecordValues(new Dictionary<string, object?> { ["stage"] = "lead", ["amount"] = 5m });

        var moved = original.With("stage", "mql");
        var changed = original.With([new KeyValuePair<string, object?>("amount", 6m), new("name", "x")]);

        Assert.Equal("lead", original.GetString("stage"));
        Assert.Equal("mql", moved.GetString("stage"));
        Assert.Equal(6m, changed["amount"]);
        Assert.Equal("x", changed["name"]);
        Assert.Equal(2, original.Count);
        Assert.Null(original["missing"]);
    }
}
