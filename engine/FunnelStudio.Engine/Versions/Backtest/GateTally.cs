using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Stages;

namespace FunnelStudio.Versions.Backtest;

/// <summary>What one version says of one historical move.</summary>
internal enum Verdict
{
    Allowed,
    Blocked,
    Skipped,
}

/// <summary>
/// One version's gate over historical moves: each move decided by <see cref="StageDecisionService.Decide"/>
/// — the code the save pipeline's stage gate runs, with the version's compiled rules — and every
/// refusal tallied by rule with the first few moves as examples.
/// </summary>
internal sealed class GateTally(VersionView version, int examples)
{
    private readonly Dictionary<RuleKey, RuleTally> _rules = [];

    public VersionView Version { get; } = version;
    public long Replayed { get; private set; }
    public long Skipped { get; private set; }
    public long Blocked { get; private set; }

    public Verdict Judge(HistoricalRecord record, StageMove move, RecordValues? before, RecordValues after, RuleUser user,
        RecordSystemValues system)
    {
        var obj = Version.Object(record.Object);
        var from = move.From is null ? null : Version.Stage(move.From);
        var to = Version.Stage(move.To);
        if (obj?.Pipeline is not { } pipeline || pipeline.Find(to) is null || move.From is not null && pipeline.Find(from) is null)
        {
            Skipped++;
            return Verdict.Skipped;
        }
        Replayed++;
        // A new record starts at the first stage, as in a save: creating it further on passes the same gates.
        var decision = StageDecisionService.Decide(obj, before, after, to, user, move.At, system, from ?? pipeline.First.Name);
        if (decision.Allowed) return Verdict.Allowed;

        Blocked++;
        foreach (var violation in decision.Blocking)
        {
            var key = new RuleKey(record.Object, violation.Stage, violation.Rule, violation.Kind);
            if (!_rules.TryGetValue(key, out var tally)) _rules[key] = tally = new RuleTally(violation);
            tally.Count++;
            if (tally.Examples.Count < examples)
                tally.Examples.Add(new BlockedMove(record.Id, record.Title, move.From, move.To, move.At, move.By));
        }
        return Verdict.Blocked;
    }

    /// <summary>Adds what another tally of the same version counted (a replay run in parallel).</summary>
    public void Absorb(GateTally other)
    {
        Replayed += other.Replayed;
        Skipped += other.Skipped;
        Blocked += other.Blocked;
        foreach (var (key, theirs) in other._rules)
        {
            if (!_rules.TryGetValue(key, out var ours)) _rules[key] = ours = new RuleTally(theirs.First);
            ours.Count += theirs.Count;
            ours.Examples.AddRange(theirs.Examples.Take(examples - ours.Examples.Count));
        }
    }

    public VersionOutcome Outcome() => new(Replayed, Skipped, Blocked, _rules
        .OrderByDescending(r => r.Value.Count).ThenBy(r => r.Key.Object, StringComparer.Ordinal)
        .ThenBy(r => r.Key.Stage, StringComparer.Ordinal).ThenBy(r => r.Key.Rule, StringComparer.Ordinal)
        .Select(r => new BlockedRule(r.Key.Object, r.Key.Stage, r.Key.Rule, r.Key.Kind, r.Value.First.Field, r.Value.First.Message,
            r.Value.Count, r.Value.Examples))
        .ToList());

    private readonly record struct RuleKey(string Object, string? Stage, string Rule, ViolationKind Kind);

    private sealed class RuleTally(Violation first)
    {
        public Violation First { get; } = first;
        public long Count { get; set; }
        public List<BlockedMove> Examples { get; } = [];
    }
}
