namespace FunnelStudio.Analytics;

/// <summary>Which record set a clicked number came from.</summary>
public enum DrillKind
{
    /// <summary>Created in the period.</summary>
    Created,
    /// <summary>Closed as won in the period (also: won amount, average deal size, sales cycle).</summary>
    Won,
    /// <summary>Closed as lost in the period.</summary>
    Lost,
    /// <summary>Closed either way in the period (the win rate's denominator).</summary>
    Closed,
    /// <summary>A funnel step: the stage and the <see cref="FunnelMode"/>.</summary>
    Funnel,
    /// <summary>Left the stage in the period (time in stage).</summary>
    LeftStage,
    /// <summary>Open now, in the stage when one is given (pipeline value, weighted pipeline).</summary>
    Open,
    /// <summary>Open now and longer in its stage than the stage's threshold (in the stage when one is given).</summary>
    Stalled,
}

/// <summary>A drill-down: the record set behind one number, one page of it.</summary>
public sealed record DrillTarget(DrillKind Kind, string? Stage = null, FunnelMode Mode = FunnelMode.Period);

/// <summary>One record of a drill-down list.</summary>
public sealed record DrillRow(Guid Id, string? Title, string? Stage, string? OwnerId, decimal? Amount, DateTime CreatedAt);

/// <summary>One page of a drill-down list and the size of the whole set, which equals the number clicked.</summary>
public sealed record DrillPage(IReadOnlyList<DrillRow> Items, long Total, int Page, int PageSize);
