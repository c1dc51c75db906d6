using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>Objects (label, title and owner fields, layout) and, for objects on both sides, their fields, rules and pipeline.</summary>
internal static class ObjectDiff
{
    public static void Compare(ChangeList changes, IReadOnlyList<ObjectDefinition> before, IReadOnlyList<ObjectDefinition> after) =>
        ChangeList.Match(before, after, o => o.Name,
            added: o => changes.Added(ChangeAreas.Object, o.Name, DiffText.Of(o.Label)),
            removed: o => changes.Removed(ChangeAreas.Object, o.Name, DiffText.Of(o.Label)),
            both: (a, b) => CompareObject(changes, a, b));

    private static void CompareObject(ChangeList changes, ObjectDefinition a, ObjectDefinition b)
    {
        const string area = ChangeAreas.Object;
        var path = a.Name;
        changes.Compare(area, path + ".label", DiffText.Of(a.Label), DiffText.Of(b.Label));
        changes.Compare(area, path + ".pluralLabel", DiffText.Of(a.PluralLabel), DiffText.Of(b.PluralLabel));
        changes.Compare(area, path + ".titleField", a.TitleField, b.TitleField);
        changes.Compare(area, path + ".ownerField", a.OwnerField, b.OwnerField);
        changes.Compare(area, path + ".icon", a.Icon, b.Icon);
        changes.Compare(area, path + ".layout.form", FormLayout(a.Layout), FormLayout(b.Layout));
        changes.Compare(area, path + ".layout.list", DiffText.List(a.Layout.ListColumns), DiffText.List(b.Layout.ListColumns));

        // A field renamed (renamedFrom) is one change of its name, then compared with what it was —
        // not a removed and an added field, since its values and history are carried over.
        var renamed = b.Fields.Where(f => f.RenamedFrom is not null && a.Field(f.RenamedFrom) is not null && b.Field(f.RenamedFrom) is null)
            .ToDictionary(f => f.RenamedFrom!, StringComparer.Ordinal);
        foreach (var (from, field) in renamed)
        {
            changes.Compare(ChangeAreas.Field, $"{path}.fields.{field.Name}.name", from, field.Name);
            FieldDiff.Compare(changes, $"{path}.fields.{field.Name}", a.Field(from)!, field);
        }
        ChangeList.Match(a.Fields.Where(f => !renamed.ContainsKey(f.Name)), b.Fields.Where(f => !renamed.Values.Contains(f)), f => f.Name,
            added: f => changes.Added(ChangeAreas.Field, $"{path}.fields.{f.Name}", DiffText.Of(f.Type)),
            removed: f => changes.Removed(ChangeAreas.Field, $"{path}.fields.{f.Name}", DiffText.Of(f.Type)),
            both: (x, y) => FieldDiff.Compare(changes, $"{path}.fields.{x.Name}", x, y));

        RuleDiff.Compare(changes, ChangeAreas.Rule, path + ".rules", a.ValidationRules, b.ValidationRules);
        PipelineDiff.Compare(changes, path, a.Pipeline, b.Pipeline);
    }

    /// <summary>The form's sections as compact JSON: a layout is read as a whole, so it is one change.</summary>
    private static string? FormLayout(LayoutDefinition layout) => layout.FormSections.Count == 0
        ? null
        : DiffText.Json(layout.FormSections.Select(s => new { name = s.Name, label = DiffText.Of(s.Label), fields = s.Fields }));
}
