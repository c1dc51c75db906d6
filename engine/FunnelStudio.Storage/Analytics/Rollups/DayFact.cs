namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// What a fact is, and what its <see cref="DayFact.Bound"/> means. A period's figures count a fact when it
/// happened in the period and its bound says it is the one that counts there:
/// <list type="bullet">
/// <item><see cref="Created"/>: a record created (no bound).</item>
/// <item><see cref="Closing"/>: a move into a terminal stage; bound = the record's next move into a terminal stage.
/// It is the record's closing of a period ending at <c>e</c> when the bound is null or ≥ <c>e</c> (the last one wins).</item>
/// <item><see cref="Entered"/>: a move into a stage; bound = the record's previous move into the same stage. It
/// counts the record once for a period starting at <c>s</c> when the bound is null or &lt; <c>s</c>.</item>
/// <item><see cref="Left"/>: a move out of a stage, its value the days spent in it; bound = the record's previous
/// move out of the same stage. Every one feeds the percentiles; the distinct records are counted as for entered.</item>
/// </list>
/// </summary>
public enum FactKind : short
{
    Created = 0,
    Closing = 1,
    Entered = 2,
    Left = 3,
}

/// <summary>One fact of one record (see <see cref="FactKind"/>), under the record's current owner ("" for none).</summary>
internal readonly record struct DayFact(string Owner, DateTime At, FactKind Kind, string Stage, DateTime? Bound, decimal? Amount, double? Value);

/// <summary>A fact with a bound, kept one by one: whether it counts depends on where the period starts or ends.</summary>
internal readonly record struct BoundedFact(DateTime Bound, decimal? Amount, double? Value);
