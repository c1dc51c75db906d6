using FunnelStudio.Storage.Analytics.Rollups;

namespace FunnelStudio.Storage.Tests.Analytics.Rollups;

/// <summary>The rollups' percentile (selection, not sorting) against the sorted definition percentile_cont uses.</summary>
public sealed class RollupPercentileTests
{
    [Theory]
    [InlineData(1, 1, 2)]
    [InlineData(2, 1, 2)]
    [InlineData(7, 3, 4)]
    [InlineData(1000, 1, 2)]
    [InlineData(1001, 3, 4)]
    [InlineData(40_000, 3, 4)]
    public void Percentile_BySelection_EqualsLinearInterpolationOverTheSortedValues(int count, int numerator, int denominator)
    {
        var random = new Random(count);
        // Few distinct values as well as many: selection must hold with long runs of equal values.
        foreach (var distinct in new[] { 3, count })
        {
            var values = Enumerable.Range(0, count).Select(_ => (double)random.Next(distinct) + (distinct == 3 ? 0 : random.NextDouble())).ToList();
            var sorted = values.Order().ToArray();
            var position = (double)numerator * (count - 1) / denominator;
            var low = (int)Math.Floor(position);
            var expected = low + 1 < count ? sorted[low] + (sorted[low + 1] - sorted[low]) * (position - low) : sorted[low];

            Assert.Equal(expected, RollupFold.Percentile(values, numerator, denominator)!.Value, 9);
        }
    }

    [Fact]
    public void Percentile_OfNothing_IsNull() => Assert.Null(RollupFold.Percentile([], 1, 2));
}
