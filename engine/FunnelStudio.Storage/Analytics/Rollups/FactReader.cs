using System.Data.Common;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// Reads the facts (<see cref="DayFact"/>) of one object from <c>records</c> and <c>stage_history</c>: the live
/// records' creations and moves, each move with its bound worked out from the record's whole history. The
/// same reader feeds the rollups' build and the parts of a period a dashboard reads raw, so both count alike.
/// </summary>
internal sealed class FactReader(SqlDialect dialect, string obj, IReadOnlyCollection<string> terminals)
{
    private readonly string _object = SqlNames.Require(obj, "object");

    /// <summary>
    /// The facts of <paramref name="owners"/> (null: every owner; "" is the records without one) that happened
    /// within <paramref name="ranges"/> (null: ever). Moves are read with their records' whole histories, which
    /// the bounds need, and only the facts inside the ranges are kept.
    /// </summary>
    public async Task<List<DayFact>> ReadAsync(StoreSession session, DbTransaction? transaction,
        IReadOnlyList<string>? owners, IReadOnlyList<(DateTime Start, DateTime End)>? ranges, CancellationToken cancellationToken,
        IReadOnlyCollection<FactKind>? kinds = null)
    {
        var facts = new List<DayFact>();
        await ReadAsync(session, transaction, owners, ranges, facts.Add, cancellationToken, kinds);
        return facts;
    }

    /// <summary>
    /// The same facts, handed to <paramref name="sink"/> as they are read (a build does not hold them all); only
    /// those of <paramref name="kinds"/> when given.
    /// </summary>
    public async Task ReadAsync(StoreSession session, DbTransaction? transaction, IReadOnlyList<string>? owners,
        IReadOnlyList<(DateTime Start, DateTime End)>? ranges, Action<DayFact> sink, CancellationToken cancellationToken,
        IReadOnlyCollection<FactKind>? kinds = null)
    {
        var wanted = kinds is null ? sink : fact => { if (kinds.Contains(fact.Kind)) sink(fact); };
        if (kinds is null || kinds.Contains(FactKind.Created))
            await ReadCreatedAsync(session, transaction, owners, ranges, wanted, cancellationToken);
        if (kinds is null || kinds.Any(k => k != FactKind.Created))
            await ReadMovesAsync(session, transaction, owners, ranges, wanted, cancellationToken);
    }

    private async Task ReadCreatedAsync(StoreSession session, DbTransaction? transaction, IReadOnlyList<string>? owners,
        IReadOnlyList<(DateTime Start, DateTime End)>? ranges, Action<DayFact> facts, CancellationToken cancellationToken)
    {
        var sql = session.Command(transaction);
        sql.Append($"SELECT r.created_at, r.owner_id FROM records r WHERE r.object = '{_object}' AND r.deleted = FALSE");
        if (owners is not null) sql.Append(" AND " + AnalyticsSql.OwnerCondition(dialect, sql, "r.owner_id", owners));
        if (ranges is not null) sql.Append(" AND " + Within(sql, "r.created_at", ranges));
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            facts(new DayFact(reader.IsDBNull(1) ? "" : reader.GetString(1), Utc(reader.GetDateTime(0)), FactKind.Created, "", null, null, null));
    }

    private async Task ReadMovesAsync(StoreSession session, DbTransaction? transaction, IReadOnlyList<string>? owners,
        IReadOnlyList<(DateTime Start, DateTime End)>? ranges, Action<DayFact> facts, CancellationToken cancellationToken)
    {
        var sql = session.Command(transaction);
        sql.Append("SELECT h.record_id, h.from_stage, h.to_stage, h.at, h.amount, h.seconds_in_previous_stage, r.created_at, r.amount, r.owner_id ")
           .Append("FROM stage_history h JOIN records r ON r.id = h.record_id ")
           .Append($"WHERE h.object = '{_object}' AND r.object = '{_object}' AND r.deleted = FALSE");
        if (owners is not null) sql.Append(" AND " + AnalyticsSql.OwnerCondition(dialect, sql, "r.owner_id", owners));
        if (ranges is not null)
        {
            // The records with a move in the ranges (by the owner copy on the moves, through its index), all their moves.
            var owned = owners is null ? "" : " AND " + AnalyticsSql.OwnerCondition(dialect, sql, "x.owner_id", owners);
            sql.Append($" AND h.record_id IN (SELECT x.record_id FROM stage_history x WHERE x.object = '{_object}'{owned} AND {Within(sql, "x.at", ranges)})");
        }
        sql.Append(" ORDER BY h.record_id, h.at, h.id");
        var moves = new List<Move>();
        Guid current = default;
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (id != current && moves.Count > 0)
            {
                AddMoves(moves, ranges, facts);
                moves.Clear();
            }
            current = id;
            moves.Add(new Move(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), Utc(reader.GetDateTime(3)),
                Decimal(reader, 4), reader.IsDBNull(5) ? null : Convert.ToDouble(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
                Utc(reader.GetDateTime(6)), Decimal(reader, 7), reader.IsDBNull(8) ? "" : reader.GetString(8)));
        }
        if (moves.Count > 0) AddMoves(moves, ranges, facts);
    }

    /// <summary>One record's moves, in (at, id) order, as facts with their bounds; those outside the ranges are dropped.</summary>
    private void AddMoves(List<Move> moves, IReadOnlyList<(DateTime Start, DateTime End)>? ranges, Action<DayFact> facts)
    {
        var nextClosing = new DateTime?[moves.Count];
        DateTime? next = null;
        for (var i = moves.Count - 1; i >= 0; i--)
        {
            nextClosing[i] = next;
            if (terminals.Contains(moves[i].To)) next = moves[i].At;
        }
        var lastEntered = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var lastLeft = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        for (var i = 0; i < moves.Count; i++)
        {
            var m = moves[i];
            var inside = ranges is null || Inside(m.At, ranges);
            if (inside)
            {
                facts(new DayFact(m.Owner, m.At, FactKind.Entered, m.To, Previous(lastEntered, m.To), m.RecordAmount, null));
                if (terminals.Contains(m.To))
                    facts(new DayFact(m.Owner, m.At, FactKind.Closing, m.To, nextClosing[i], m.Amount, (m.At - m.CreatedAt).TotalSeconds / 86400.0));
                if (m.From is { } from)
                    facts(new DayFact(m.Owner, m.At, FactKind.Left, from, Previous(lastLeft, from), null, m.Seconds / 86400.0));
            }
            lastEntered[m.To] = m.At;
            if (m.From is { } left) lastLeft[left] = m.At;
        }
    }

    private static DateTime? Previous(Dictionary<string, DateTime> last, string stage) =>
        last.TryGetValue(stage, out var at) ? at : null;

    private static bool Inside(DateTime at, IReadOnlyList<(DateTime Start, DateTime End)> ranges)
    {
        foreach (var (start, end) in ranges)
            if (at >= start && at < end) return true;
        return false;
    }

    private static string Within(SqlCommandBuilder sql, string column, IReadOnlyList<(DateTime Start, DateTime End)> ranges) =>
        "(" + string.Join(" OR ", ranges.Select(r => $"({column} >= {sql.Param(Utc(r.Start))} AND {column} < {sql.Param(Utc(r.End))})")) + ")";

    private static decimal? Decimal(DbDataReader reader, int i) =>
        reader.IsDBNull(i) ? null : Convert.ToDecimal(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    private readonly record struct Move(string? From, string To, DateTime At, decimal? Amount, double? Seconds,
        DateTime CreatedAt, decimal? RecordAmount, string Owner);
}
