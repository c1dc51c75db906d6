using System.Globalization;
using FunnelStudio.Analytics;
using FunnelStudio.Reports;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// The month × stage report through the real runner, as the portal's reports API makes a run: a
/// <see cref="ReportDefinition"/> on the package's object, a <c>created_at between</c> filter for the days of the
/// period, grouped by <c>created_at</c> by month and by <c>stage</c>, measured by count and sum of the amount field,
/// run by <see cref="IReportService"/> from a fresh DI scope in UTC (so its months are the hand SQL's).
/// </summary>
internal sealed class RunnerReport(IServiceProvider services, DealShape shape, ActingUser user)
{
    public async Task<IReadOnlyList<string>> RunAsync(Period period, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var run = await scope.ServiceProvider.GetRequiredService<IReportService>().RunAsync(Definition(period), user, TimeZoneInfo.Utc, cancellationToken);
        if (run.Result is not { } result)
            throw new InvalidOperationException("The report runner refused the report: " + string.Join("; ", run.Problems.Select(p => $"{p.Path} {p.Message}")));
        return result.Rows
            .Select(r => HandSql.ReportRow(DateTime.ParseExact(r.Keys[0]!, "yyyy-MM-dd", CultureInfo.InvariantCulture), r.Keys[1]!,
                (long)r.Values[0]!.Value, r.Values[1] is { } sum ? Math.Round(sum, 4) : null))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The period [start, end) of whole UTC days as an inclusive day range, the way a user writes it.</summary>
    private ReportDefinition Definition(Period period) => new()
    {
        Name = "benchmark month × stage",
        Object = shape.Object,
        Filters = [new ReportFilter { Field = "created_at", Operator = "between", Values = [Day(period.Start), Day(period.End.AddDays(-1))] }],
        GroupBy = [new ReportGrouping { Field = "created_at", Bucket = "month" }, new ReportGrouping { Field = "stage" }],
        Measures = [new ReportMeasure { Aggregate = "count" }, new ReportMeasure { Aggregate = "sum", Field = shape.AmountField }],
    };

    private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
