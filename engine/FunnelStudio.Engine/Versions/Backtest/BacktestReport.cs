using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// What a backtest found: every stored stage move of the live records replayed through the active
/// version's gate and the draft's, with the values the record had at that moment.
/// <see cref="Draft"/>'s blocked rules are what the draft would have refused; <see cref="Active"/>'s
/// are for comparison (close to none, unless the rules changed since the moves were made).
/// <see cref="Stages"/> compares conversion and time in stage as it happened with what the draft
/// would have let happen.
/// </summary>
public sealed record BacktestReport(long Records, long Moves, VersionOutcome Active, VersionOutcome Draft,
    IReadOnlyList<StageComparison> Stages, TimeSpan Elapsed)
{
    /// <summary>Historical moves replayed per second (through both versions), reading included.</summary>
    public double MovesPerSecond => Elapsed.TotalSeconds > 0 ? Moves / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// One version's verdict on the history. <see cref="Replayed"/>: moves it judged;
/// <see cref="Skipped"/>: moves it cannot judge (the object has no pipeline in it, or a stage of the
/// move is not one of its stages and no mapping names one); <see cref="Blocked"/>: moves it refuses,
/// each counted once however many rules refuse it; <see cref="Rules"/>: per rule, most refusals first.
/// </summary>
public sealed record VersionOutcome(long Replayed, long Skipped, long Blocked, IReadOnlyList<BlockedRule> Rules);

/// <summary>
/// A rule (exit or entry criterion, required field, formula, or the move itself: <see cref="Kind"/>)
/// of <see cref="Stage"/> that refused <see cref="Count"/> historical moves, with the first few as examples.
/// </summary>
public sealed record BlockedRule(string Object, string? Stage, string Rule, ViolationKind Kind, string? Field, LocalizedText Message,
    long Count, IReadOnlyList<BlockedMove> Examples);

/// <summary>A historical move a rule refuses: the record, the move and when it was made.</summary>
public sealed record BlockedMove(Guid RecordId, string? Title, string? From, string To, DateTime At, string? By);

/// <summary>One stage of one object: as it happened, and as it would have with the draft's gate.</summary>
public sealed record StageComparison(string Object, string Stage, StageFigures Happened, StageFigures Draft);

/// <summary>
/// <see cref="Entered"/>: moves into the stage (a new record's entry included);
/// <see cref="Converted"/>: moves forward out of it (to a later open stage or to won);
/// <see cref="MedianTimeInStage"/>: the median time from entering the stage to leaving it, over the
/// <see cref="Stays"/> stays that ended. For the draft a move it blocks does not convert and does not
/// end its stay (that stay is left out of the median); moves it skips count nowhere.
/// </summary>
public sealed record StageFigures(long Entered, long Converted, long Stays, TimeSpan? MedianTimeInStage)
{
    public static StageFigures None { get; } = new(0, 0, 0, null);

    /// <summary>Converted ÷ entered; null when nothing entered.</summary>
    public double? Conversion => Entered == 0 ? null : (double)Converted / Entered;
}
