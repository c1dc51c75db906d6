using FunnelStudio.Storage.Analytics.Rollups;
using Microsoft.Extensions.Configuration;

namespace FunnelStudio.Storage.Tests.Analytics.Rollups;

public sealed class DayRollupOptionsTests
{
    private static DayRollupOptions Read(params (string Key, string Value)[] values) =>
        DayRollupOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(
            values.Select(v => new KeyValuePair<string, string?>($"{DayRollupOptions.Section}:{v.Key}", v.Value))).Build());

    [Fact]
    public void NothingConfigured_GivesRollupsOn_EveryTenSeconds_With92RawDays() =>
        Assert.Equal(new DayRollupOptions { Enabled = true, RefreshSeconds = 10, MaxRawDays = 92 }, Read());

    [Fact]
    public void ConfiguredValues_AreRead() =>
        Assert.Equal(new DayRollupOptions { Enabled = false, RefreshSeconds = 60, MaxRawDays = 31 },
            Read(("Enabled", "false"), ("RefreshSeconds", "60"), ("MaxRawDays", "31")));

    [Theory]
    [InlineData("Enabled", "maybe", "use true or false")]
    [InlineData("RefreshSeconds", "0", "from 1 to 3600")]
    [InlineData("MaxRawDays", "ten", "from 1 to 3650")]
    public void ABadValue_StopsTheStart_NamingTheKeyAndWhatIsAllowed(string key, string value, string allowed)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((key, value)));

        Assert.Contains($"{DayRollupOptions.Section}:{key}", error.Message);
        Assert.Contains(allowed, error.Message);
    }
}
