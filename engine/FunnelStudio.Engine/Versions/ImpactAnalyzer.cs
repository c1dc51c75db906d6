using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Stages;

namespace FunnelStudio.Versions;

/// <summary>
/// Works out a version's <see cref="DataImpact"/> on the stored records: every live record of each
/// object is read once, a page at a time, typed by the version's own fields, and put through the
/// version's compiled validation rules and stage gates — the checks a save would run — as the
/// system user at the current time. Duplicates for unique fields are added by the publisher.
/// </summary>
public sealed class ImpactAnalyzer(IRecordScan scan, IUserDirectory users, TimeProvider clock, Approvals.IApprovalStore? approvals = null)
{
    private const int PageSize = 2000;
    private const int MaxExamples = 5;

    public async Task<DataImpact> AnalyzeAsync(CompiledPackage next, CompiledPackage? active, CancellationToken cancellationToken)
    {
        var countedAt = clock.GetUtcNow().UtcDateTime;
        var rules = new List<RuleImpact>();
        var stages = new List<StageImpact>();
        var removed = new List<RemovedDataImpact>();
        foreach (var obj in next.Objects.Values.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var gone = active?.Object(obj.Name)?.Definition.Fields.Where(f => obj.Definition.Field(f.Name) is null).Select(f => f.Name).ToList() ?? [];
            var tally = new ObjectTally(obj, gone, clock.GetUtcNow().UtcDateTime);
            await ScanAsync(obj.Name, tally.Add, cancellationToken);
            rules.AddRange(tally.Rules());
            stages.AddRange(tally.Stages());
            removed.AddRange(tally.Removed());
        }
        foreach (var obj in (active?.Objects.Values ?? []).Where(o => next.Object(o.Name) is null).OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var count = 0;
            await ScanAsync(obj.Name, _ => count++, cancellationToken);
            if (count > 0) removed.Add(new RemovedDataImpact(obj.Name, null, count));
        }
        return new DataImpact(rules, stages, removed, [], await RolesAsync(next, active, cancellationToken))
        {
            Approvals = await ApprovalsAsync(next, cancellationToken),
            CountedAt = countedAt,
        };
    }

    private async Task<IReadOnlyList<ApprovalImpact>> ApprovalsAsync(CompiledPackage next, CancellationToken cancellationToken)
    {
        if (approvals is null) return [];
        var pending = await approvals.PendingByFlowAsync(cancellationToken);
        return pending.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ApprovalImpact(p.Key, p.Value,
            next.Definition.Approvals.TryGetValue(p.Key, out var source) ? "current" : "removed")).ToList();
    }

    /// <summary>
    /// Every live record of <paramref name="obj"/>, a page at a time. The next page is read while
    /// this one is checked (each read has its own connection), so the database and the rules work at
    /// the same time instead of taking turns; <paramref name="visit"/> still sees one record at a time.
    /// </summary>
    private async Task ScanAsync(string obj, Action<ScannedRecord> visit, CancellationToken cancellationToken)
    {
        var next = scan.LiveRecordsAsync(obj, null, PageSize, cancellationToken);
        while (next is not null)
        {
            var page = await next;
            next = page.Count < PageSize ? null : scan.LiveRecordsAsync(obj, page[^1].Id, PageSize, cancellationToken);
            try
            {
                foreach (var record in page) visit(record);
            }
            catch when (next is not null)
            {
                // Don't leave the read ahead unobserved when checking a page fails.
                try { await next; } catch (Exception) { /* the first failure is the one to report */ }
                throw;
            }
        }
    }

    private async Task<IReadOnlyList<RoleImpact>> RolesAsync(CompiledPackage next, CompiledPackage? active, CancellationToken cancellationToken)
    {
        if (active is null) return [];
        var kept = next.Definition.Roles.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var removed = active.Definition.Roles.Select(r => r.Name).Where(r => !kept.Contains(r)).ToList();
        if (removed.Count == 0) return [];
        var everyone = await users.AllAsync(cancellationToken);
        return removed.Select(role =>
        {
            var holders = everyone.Where(u => u.Active && u.Roles.Contains(role, StringComparer.Ordinal)).ToList();
            return new RoleImpact(role, holders.Count, holders.Take(MaxExamples).Select(u => u.Email ?? u.Name).ToList());
        }).Where(r => r.Users > 0).ToList();
    }

    /// <summary>The counts for one object, record by record.</summary>
    private sealed class ObjectTally(CompiledObject obj, IReadOnlyList<string> removedFields, DateTime now)
    {
        private readonly Dictionary<string, Tally> _rules = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Tally> _stages = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _removed = new(StringComparer.Ordinal);
        private readonly RuleUser _user = ActingUser.System.ToRuleUser();
        private readonly DateTime _now = now;

        public void Add(ScannedRecord record)
        {
            var values = RecordJson.Deserialize(record.ValuesJson, obj.Definition);
            var system = new RecordSystemValues(record.Id.ToString(), record.CreatedAt, record.UpdatedAt);
            var example = new ImpactExample(record.Id, record.Title);
            var evaluation = obj.Evaluate(values, null, _user, _now, system);
            foreach (var rule in obj.ValidationRules)
                if (!rule.Passes(evaluation.Inputs)) Count(_rules, rule.Name, example);
            CheckStage(record, values, system, example);
            if (removedFields.Count > 0) CountRemoved(record.ValuesJson);
        }

        /// <summary>A record in a later stage must pass what moving there from the first stage would ask of it now.</summary>
        private void CheckStage(ScannedRecord record, RecordValues values, RecordSystemValues system, ImpactExample example)
        {
            if (obj.Pipeline is not { } pipeline || pipeline.Find(record.Stage) is not { } stage || stage.Name == pipeline.First.Name) return;
            var decision = StageDecisionService.Decide(obj, null, values, stage.Name, _user, _now, system, fromStage: pipeline.First.Name);
            if (decision.Allowed) return;
            var tally = Count(_stages, stage.Name, example);
            foreach (var blocking in decision.Blocking) tally.Blocking.Add(blocking.Rule);
        }

        private void CountRemoved(string json)
        {
            using var doc = JsonDocument.Parse(json);
            foreach (var field in removedFields)
                if (doc.RootElement.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null)
                    _removed[field] = _removed.GetValueOrDefault(field) + 1;
        }

        private static Tally Count(Dictionary<string, Tally> counts, string key, ImpactExample example)
        {
            if (!counts.TryGetValue(key, out var tally)) counts[key] = tally = new Tally();
            tally.Records++;
            if (tally.Examples.Count < MaxExamples) tally.Examples.Add(example);
            return tally;
        }

        public IEnumerable<RuleImpact> Rules() => obj.ValidationRules.Where(r => _rules.ContainsKey(r.Name))
            .Select(r => new RuleImpact(obj.Name, r.Name, _rules[r.Name].Records, _rules[r.Name].Examples));

        public IEnumerable<StageImpact> Stages() => (obj.Pipeline?.Stages ?? []).Where(s => _stages.ContainsKey(s.Name))
            .Select(s => new StageImpact(obj.Name, s.Name, _stages[s.Name].Records, _stages[s.Name].Blocking.ToList(), _stages[s.Name].Examples));

        public IEnumerable<RemovedDataImpact> Removed() => removedFields.Where(_removed.ContainsKey)
            .Select(f => new RemovedDataImpact(obj.Name, f, _removed[f]));
    }

    private sealed class Tally
    {
        public int Records { get; set; }
        public SortedSet<string> Blocking { get; } = new(StringComparer.Ordinal);
        public List<ImpactExample> Examples { get; } = [];
    }
}
