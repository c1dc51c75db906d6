using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Analytics;

public sealed class SqliteDemoDrillDownTests(SqlitePortal server) : DemoDrillDownTests(server), IClassFixture<SqlitePortal>;

public sealed class PostgresDemoDrillDownTests(PostgresPortal server) : DemoDrillDownTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// On the demo data (b2b-saas with back-dated histories), every figure the service gives has a
/// drill-down list of exactly that many records — for an admin, a rep (own records only) and split
/// slices — and the figures agree with each other where the definitions say they must.
/// </summary>
public abstract class DemoDrillDownTests(PortalServer server)
{
    private async Task<ActingUser> UserAsync(string email)
    {
        var users = await server.Services.GetRequiredService<IUserDirectory>().AllAsync(CancellationToken.None);
        return PartyResolver.ToActingUser(users.Single(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)), users);
    }

    private async Task<T> WithAsync<T>(Func<IAnalyticsService, Task<T>> call)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<IAnalyticsService>());
    }

    private static AnalyticsRequest LastTwoYears(string? split = null) =>
        new("deal", DateTime.UtcNow.AddYears(-2), DateTime.UtcNow.AddDays(1)) { SplitBy = split };

    private Task<long> DrillTotalAsync(ActingUser user, AnalyticsRequest request, DrillTarget target) =>
        WithAsync(async s => (await s.DrillAsync(user, request, target, 1, 200, CancellationToken.None)).Total);

    [Theory]
    [InlineData("admin@funnelstudio.local")]
    [InlineData("rep@funnelstudio.local")]
    public async Task EveryKpi_HasADrillDownOfExactlyItsCount(string email)
    {
        var user = await UserAsync(email);
        var request = LastTwoYears();
        var kpis = await WithAsync(s => s.KpisAsync(user, request, CancellationToken.None));
        var all = Assert.Single(kpis.Sets);
        Assert.True(all.Current.Created > 0, "the demo data has deals created in the last two years");
        Assert.Equal(all.Current.Created, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.Created)));
        Assert.Equal(all.Current.Won, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.Won)));
        Assert.Equal(all.Current.Lost, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.Lost)));
        Assert.Equal(all.Current.Closed, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.Closed)));
        Assert.Equal(all.OpenCount, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.Open)));
        Assert.Equal(all.Stalled, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.Stalled)));
        foreach (var stage in all.Pipeline)
        {
            Assert.Equal(stage.Count, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.Open, stage.Stage)));
            Assert.Equal(stage.Stalled, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.Stalled, stage.Stage)));
        }
        foreach (var time in all.TimeInStage)
            Assert.Equal(time.Records, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.LeftStage, time.Stage)));
        foreach (var mode in new[] { FunnelMode.Cohort, FunnelMode.Period })
        {
            var funnel = Assert.Single((await WithAsync(s => s.FunnelAsync(user, request, mode, CancellationToken.None))).Series);
            foreach (var step in funnel.Steps.Concat(funnel.Lost))
                Assert.Equal(step.Count, await DrillTotalAsync(user, request, new DrillTarget(DrillKind.Funnel, step.Stage, mode)));
            if (mode == FunnelMode.Cohort)
            {
                // A cohort's first step is every record created in the period (each entered the first stage).
                Assert.Equal(all.Current.Created, funnel.Steps[0].Count);
                Assert.True(funnel.Steps.Zip(funnel.Steps.Skip(1)).All(p => p.First.Count >= p.Second.Count), "a cohort funnel never widens");
            }
        }
    }

    [Fact]
    public async Task ARep_SeesOnlyTheirOwnRecords_InEveryDrillDown()
    {
        var rep = await UserAsync("rep@funnelstudio.local");
        var admin = await UserAsync("admin@funnelstudio.local");
        var request = LastTwoYears();
        var repPage = await WithAsync(s => s.DrillAsync(rep, request, new DrillTarget(DrillKind.Created), 1, 200, CancellationToken.None));
        var adminPage = await WithAsync(s => s.DrillAsync(admin, request, new DrillTarget(DrillKind.Created), 1, 200, CancellationToken.None));
        Assert.All(repPage.Items, r => Assert.Equal(rep.Id, r.OwnerId));
        Assert.True(adminPage.Total > repPage.Total, "the demo data has deals of other owners");
        var ownedByRep = adminPage.Items.Count(r => r.OwnerId == rep.Id);
        Assert.Equal(ownedByRep, repPage.Total);
    }

    [Fact]
    public async Task SplitByOwner_SlicesAddUpToTheTotal_AndEachSliceDrillsToItsCount()
    {
        var admin = await UserAsync("admin@funnelstudio.local");
        var request = LastTwoYears("owner");
        var kpis = await WithAsync(s => s.KpisAsync(admin, request, CancellationToken.None));
        var total = kpis.Sets[0];
        Assert.Null(total.Split);
        var slices = kpis.Sets.Skip(1).ToList();
        Assert.True(slices.Count >= 2, "the demo data has several owners");
        Assert.Equal(total.Current.Created, slices.Sum(s => s.Current.Created));
        Assert.Equal(total.Current.Won, slices.Sum(s => s.Current.Won));
        Assert.Equal(total.OpenCount, slices.Sum(s => s.OpenCount));
        foreach (var slice in slices)
        {
            var sliced = request with { SplitBy = null, Owner = slice.Split == "" ? null : slice.Split };
            Assert.Equal(slice.Current.Created, await DrillTotalAsync(admin, sliced, new DrillTarget(DrillKind.Created)));
            Assert.Equal(slice.Current.Won, await DrillTotalAsync(admin, sliced, new DrillTarget(DrillKind.Won)));
        }
    }

    [Fact]
    public async Task MonthlyTrend_AddsUpToThePeriod_AndMarksTheGoLive()
    {
        var admin = await UserAsync("admin@funnelstudio.local");
        var request = LastTwoYears();
        var trend = await WithAsync(s => s.TrendsAsync(admin, request, TrendInterval.Month, CancellationToken.None));
        var kpis = await WithAsync(s => s.KpisAsync(admin, request, CancellationToken.None));
        var points = Assert.Single(trend.Series).Points;
        Assert.Equal(kpis.Sets[0].Current.Created, points.Sum(p => p.Kpis.Created));
        Assert.Equal(request.From, points[0].Period.Start);
        Assert.Equal(request.To, points[^1].Period.End);
        Assert.NotEmpty(trend.Versions);
        foreach (var point in points.Where(p => p.Kpis.Won > 0))
            Assert.Equal(point.Kpis.Won, await DrillTotalAsync(admin, request with { From = point.Period.Start, To = point.Period.End }, new DrillTarget(DrillKind.Won)));
    }

    [Theory]
    [InlineData("nosuch", null, AnalyticsErrors.UnknownObject)]
    [InlineData("deal", "name", AnalyticsErrors.UnknownField)]
    [InlineData("deal", "nosuch", AnalyticsErrors.UnknownField)]
    public async Task ABadRequest_IsRefusedWithItsCode(string obj, string? split, string code)
    {
        var admin = await UserAsync("admin@funnelstudio.local");
        var request = LastTwoYears(split) with { Object = obj };
        var error = await Assert.ThrowsAsync<AnalyticsException>(() => WithAsync(s => s.KpisAsync(admin, request, CancellationToken.None)));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task APeriodOverTenYears_OrReversed_IsRefused()
    {
        var admin = await UserAsync("admin@funnelstudio.local");
        var tooLong = new AnalyticsRequest("deal", DateTime.UtcNow.AddYears(-11), DateTime.UtcNow);
        var reversed = new AnalyticsRequest("deal", DateTime.UtcNow, DateTime.UtcNow.AddDays(-1));
        foreach (var request in new[] { tooLong, reversed })
        {
            var error = await Assert.ThrowsAsync<AnalyticsException>(() => WithAsync(s => s.FunnelAsync(admin, request, FunnelMode.Period, CancellationToken.None)));
            Assert.Equal(AnalyticsErrors.BadPeriod, error.Code);
        }
    }
}
