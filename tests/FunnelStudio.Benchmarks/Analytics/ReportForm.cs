using System.Data.Common;
using FunnelStudio.Analytics;
using FunnelStudio.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// The month × stage report (records created in the period: count and sum of the amount per calendar month and current
/// stage) in the form the analytics store writes its trends — months cut in C# (<see cref="TrendBuckets"/>, so a zone's
/// DST is right on both providers), sent as a VALUES list of periods joined by range, provider-neutral SQL. Stands in
/// for the report builder's runner, which is not on main yet.
/// </summary>
internal sealed class ReportForm(IServiceProvider services, DealShape shape)
{
    public async Task<IReadOnlyList<string>> RunAsync(Period period, CancellationToken cancellationToken)
    {
        var buckets = TrendBuckets.For(period, TrendInterval.Month, TimeZoneInfo.Utc);
        await using var context = await services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>().CreateDbContextAsync(cancellationToken);
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        string Param(object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{command.Parameters.Count}";
            parameter.Value = value;
            command.Parameters.Add(parameter);
            return parameter.ParameterName;
        }
        var periods = string.Join(", ", buckets.Select((b, i) => $"({i}, {Param(b.Start)}, {Param(b.End)})"));
        command.CommandText =
            $"WITH p(i, s, e) AS (VALUES {periods}) " +
            "SELECT p.i, r.stage, COUNT(*), SUM(r.amount) FROM records r JOIN p ON r.created_at >= p.s AND r.created_at < p.e " +
            $"WHERE r.object = {Param(shape.Object)} AND r.deleted = FALSE GROUP BY p.i, r.stage";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(HandSql.ReportRow(buckets[Convert.ToInt32(reader.GetValue(0))].Start, reader.GetString(1), Convert.ToInt64(reader.GetValue(2)),
                reader.IsDBNull(3) ? null : Convert.ToDecimal(reader.GetValue(3))));
        return rows.Order(StringComparer.Ordinal).ToList();
    }
}
