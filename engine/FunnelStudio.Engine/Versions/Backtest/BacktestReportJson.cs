namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// A <see cref="BacktestReport"/> as JSON sees it — one shape for <c>funnelstudio backtest --format json</c>
/// and <c>GET /api/v1/config/versions/{id}/backtest</c>, so a script reads either the same way.
/// Rule messages in one language; durations in seconds. Serialized camelCase by both.
/// </summary>
public sealed record BacktestReportJson(long ActiveVersion, long Records, long Moves, double Seconds, double MovesPerSecond,
    VersionOutcomeJson Draft, VersionOutcomeJson Active, IReadOnlyList<StageComparisonJson> Stages)
{
    public static BacktestReportJson From(BacktestReport report, long activeVersion, string locale) => new(activeVersion,
        report.Records, report.Moves, report.Elapsed.TotalSeconds, report.MovesPerSecond,
        VersionOutcomeJson.From(report.Draft, locale), VersionOutcomeJson.From(report.Active, locale),
        report.Stages.Select(s => new StageComparisonJson(s.Object, s.Stage, StageFiguresJson.From(s.Happened), StageFiguresJson.From(s.Draft))).ToList());
}

public sealed record VersionOutcomeJson(long Replayed, long Skipped, long Blocked, IReadOnlyList<BlockedRuleJson> Rules)
{
    public static VersionOutcomeJson From(VersionOutcome outcome, string locale) => new(outcome.Replayed, outcome.Skipped, outcome.Blocked,
        outcome.Rules.Select(r => new BlockedRuleJson(r.Object, r.Stage, r.Rule, r.Kind.ToString(), r.Field, r.Message.Get(locale), r.Count,
            r.Examples.Select(e => new BlockedMoveJson(e.RecordId, e.Title, e.From, e.To, e.At, e.By)).ToList())).ToList());
}

public sealed record BlockedRuleJson(string Object, string? Stage, string Rule, string Kind, string? Field, string Message, long Count,
    IReadOnlyList<BlockedMoveJson> Examples);

public sealed record BlockedMoveJson(Guid RecordId, string? Title, string? From, string To, DateTime At, string? By);

public sealed record StageComparisonJson(string Object, string Stage, StageFiguresJson Happened, StageFiguresJson Draft);

public sealed record StageFiguresJson(long Entered, long Converted, double? Conversion, long Stays, double? MedianSecondsInStage)
{
    public static StageFiguresJson From(StageFigures f) => new(f.Entered, f.Converted, f.Conversion, f.Stays, f.MedianTimeInStage?.TotalSeconds);
}
