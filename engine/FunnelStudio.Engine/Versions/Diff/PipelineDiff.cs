using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>An object's pipeline (stage field, reopen role, amount field) and its stages.</summary>
internal static class PipelineDiff
{
    public static void Compare(ChangeList changes, string objectPath, PipelineDefinition? a, PipelineDefinition? b)
    {
        const string area = ChangeAreas.Stage;
        var path = objectPath + ".pipeline";
        if (a is null && b is not null) changes.Added(area, path, b.Field);
        else if (a is not null && b is null) changes.Removed(area, path, a.Field);
        else if (a is not null && b is not null)
        {
            changes.Compare(area, path + ".field", a.Field, b.Field);
            changes.Compare(area, path + ".reopenRole", a.ReopenRole, b.ReopenRole);
            changes.Compare(area, path + ".amountField", a.AmountField, b.AmountField);
        }

        var before = a?.Stages ?? [];
        var after = b?.Stages ?? [];
        var beforeOrder = CommonOrder(before, after);
        var afterOrder = CommonOrder(after, before);
        ChangeList.Match(before, after, s => s.Name,
            added: s => changes.Added(area, $"{objectPath}.stages.{s.Name}", DiffText.Of(s.Label)),
            removed: s => changes.Removed(area, $"{objectPath}.stages.{s.Name}", DiffText.Of(s.Label)),
            both: (x, y) => CompareStage(changes, $"{objectPath}.stages.{x.Name}", x, y,
                reordered: beforeOrder[x.Name] != afterOrder[y.Name]));
    }

    private static void CompareStage(ChangeList changes, string path, StageDefinition a, StageDefinition b, bool reordered)
    {
        const string area = ChangeAreas.Stage;
        // A stage is moved when its place among the stages both versions have changes; a stage added
        // before it shifts its index but is reported once, as the added stage.
        if (reordered) changes.Compare(area, path + ".order", DiffText.Of(a.Index + 1), DiffText.Of(b.Index + 1));
        changes.Compare(area, path + ".label", DiffText.Of(a.Label), DiffText.Of(b.Label));
        changes.Compare(area, path + ".definition", DiffText.Of(a.Definition), DiffText.Of(b.Definition));
        changes.Compare(area, path + ".guidance", DiffText.Of(a.Guidance), DiffText.Of(b.Guidance));
        changes.Compare(area, path + ".probability", DiffText.Of(a.Probability), DiffText.Of(b.Probability));
        changes.Compare(area, path + ".terminal", Terminal(a), Terminal(b));
        RuleDiff.Compare(changes, area, path + ".exitCriteria", a.ExitCriteria, b.ExitCriteria);
        RuleDiff.Compare(changes, area, path + ".entryCriteria", a.EntryCriteria, b.EntryCriteria);
        ChangeList.Match(a.RequiredFields, b.RequiredFields, f => f,
            added: f => changes.Added(area, $"{path}.requiredFields.{f}"),
            removed: f => changes.Removed(area, $"{path}.requiredFields.{f}"),
            both: (_, _) => { });
    }

    private static string? Terminal(StageDefinition stage) => stage.IsTerminal ? DiffText.Name(stage.Terminal) : null;

    /// <summary>Each stage's position among the stages <paramref name="other"/> has too.</summary>
    private static Dictionary<string, int> CommonOrder(IReadOnlyList<StageDefinition> stages, IReadOnlyList<StageDefinition> other)
    {
        var shared = other.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var stage in stages.Where(s => shared.Contains(s.Name)))
            order.TryAdd(stage.Name, order.Count);
        return order;
    }
}
