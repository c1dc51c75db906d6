using FunnelStudio.Access;
using FunnelStudio.Analytics;
using FunnelStudio.Saving;

namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>
/// Who asks and with which filters: the user (their read scope), an owner or team filter, picklist
/// filters and a split. <see cref="Reference"/> is the same base set computed by the test alone.
/// </summary>
public sealed record Scenario(string Name, string UserId, string? Owner = null, string? Team = null,
    AnalyticsFieldFilter[]? Fields = null, string? SplitBy = null)
{
    /// <summary>The period the KPI tests look at: March to August 2026 in Shanghai (the previous period reaches back to September 2025).</summary>
    public static readonly Period Spring = new(Local(2026, 3, 1), Local(2026, 9, 1));

    /// <summary>The last months, up to the stopped clock.</summary>
    public static readonly Period Autumn = new(Local(2026, 9, 1), HistoryGenerator.Now);

    public static readonly IReadOnlyList<Scenario> All =
    [
        new("admin, everything", "u-admin"),
        new("admin, owner r1", "u-admin", Owner: "u-r1"),
        new("admin, team of m1 (two levels)", "u-admin", Team: "u-m1"),
        new("admin, channel partner", "u-admin", Fields: [new("channel", "partner")]),
        new("admin, channel empty", "u-admin", Fields: [new("channel", null)]),
        new("admin, team of l2 and channel web", "u-admin", Team: "u-l2", Fields: [new("channel", "web")]),
        new("seller r1 (own only)", "u-r1"),
        new("seller r1 asking for r2's records", "u-r1", Owner: "u-r2"),
        new("lead m1 (team read)", "u-m1"),
        new("lead m1 filtering another team's rep", "u-m1", Owner: "u-r4"),
        new("lead l2 (team read), segment smb", "u-l2", Fields: [new("segment", "smb")]),
        new("auditor (amount hidden)", "u-aud"),
        new("admin, split by owner", "u-admin", SplitBy: "owner"),
        new("admin, split by channel", "u-admin", SplitBy: "channel"),
        new("lead m1, split by owner", "u-m1", SplitBy: "owner"),
        new("auditor, split by channel (amount hidden)", "u-aud", SplitBy: "channel"),
    ];

    public static IEnumerable<object[]> Names => All.Select(s => new object[] { s.Name });

    public static Scenario Named(string name) => All.Single(s => s.Name == name);

    public ActingUser User => AnalyticsWorld<Fixtures.SqliteDatabase>.User(UserId);

    public AnalyticsRequest Request(Period period, TimeZoneInfo? zone = null) =>
        new(HistoryGenerator.Object, period.Start, period.End)
        {
            Owner = Owner, Team = Team, Fields = Fields ?? [], SplitBy = SplitBy, Zone = zone ?? HistoryGenerator.Shanghai,
        };

    public bool AmountVisible => UserId != "u-aud";

    /// <summary>The owners the figures reach: the user's read scope ∩ the owner or team filter (null: all).</summary>
    public IReadOnlyList<string>? Owners
    {
        get
        {
            var user = User;
            IReadOnlyList<string>? scope = user.Roles.Contains("seller") ? [user.Id]
                : user.Roles.Contains("lead_seller") ? [user.Id, .. user.TeamIds]
                : null;
            IReadOnlyList<string>? filter = Owner is not null ? [Owner]
                : Team is not null ? [Team, .. AnalyticsWorld<Fixtures.SqliteDatabase>.User(Team).TeamIds]
                : null;
            return scope is null ? filter : filter is null ? scope : scope.Intersect(filter).ToList();
        }
    }

    public ReferenceAnalytics Reference(IReadOnlyList<KnownRecord> records) =>
        new(records, Owners, Fields ?? [], AmountVisible, AnalyticsWorld<Fixtures.SqliteDatabase>.DefaultStalledDays);

    /// <summary>
    /// The slices to compare: null (everything), and with a split every split key of the base set
    /// ("" for none). A split answer holds the whole (Split null) beside its slices.
    /// </summary>
    public IReadOnlyList<(string? Key, ReferenceAnalytics Reference)> Slices(IReadOnlyList<KnownRecord> records)
    {
        var reference = Reference(records);
        return SplitBy is null ? [(null, reference)] : [(null, reference), .. reference.Keys(SplitBy).Select(k => ((string?)k, reference.Slice(SplitBy, k)))];
    }

    /// <summary>The request that drills into one slice: the slice's value added as a filter ("" → empty).</summary>
    public AnalyticsRequest SliceRequest(Period period, string? key) => key is null || SplitBy is null
        ? Request(period) with { SplitBy = null }
        : SplitBy == "owner"
            ? Request(period) with { SplitBy = null, Owner = key }
            : Request(period) with { SplitBy = null, Fields = [.. Fields ?? [], new AnalyticsFieldFilter(SplitBy, key == "" ? null : key)] };

    private static DateTime Local(int year, int month, int day) =>
        TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified), HistoryGenerator.Shanghai);

    public override string ToString() => Name;
}
