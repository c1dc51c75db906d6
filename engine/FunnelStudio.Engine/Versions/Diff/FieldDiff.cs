using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>One field on both sides: type, label, constraints, picklist options, lookup and formula settings.</summary>
internal static class FieldDiff
{
    public static void Compare(ChangeList changes, string path, FieldDefinition a, FieldDefinition b)
    {
        const string area = ChangeAreas.Field;
        changes.Compare(area, path + ".type", DiffText.Of(a.Type), DiffText.Of(b.Type));
        changes.Compare(area, path + ".label", DiffText.Of(a.Label), DiffText.Of(b.Label));
        changes.Compare(area, path + ".help", DiffText.Of(a.Help), DiffText.Of(b.Help));
        changes.Compare(area, path + ".required", DiffText.Of(a.Required), DiffText.Of(b.Required));
        changes.Compare(area, path + ".unique", DiffText.Of(a.Unique), DiffText.Of(b.Unique));
        changes.Compare(area, path + ".indexed", DiffText.Of(a.Indexed), DiffText.Of(b.Indexed));
        changes.Compare(area, path + ".readOnly", DiffText.Of(a.ReadOnly), DiffText.Of(b.ReadOnly));
        changes.Compare(area, path + ".default", DiffText.Value(a.Default), DiffText.Value(b.Default));
        changes.Compare(area, path + ".maxLength", DiffText.Of(a.MaxLength), DiffText.Of(b.MaxLength));
        changes.Compare(area, path + ".min", DiffText.Of(a.Min), DiffText.Of(b.Min));
        changes.Compare(area, path + ".max", DiffText.Of(a.Max), DiffText.Of(b.Max));
        changes.Compare(area, path + ".precision", DiffText.Of(a.Precision), DiffText.Of(b.Precision));
        changes.Compare(area, path + ".currency", a.Currency, b.Currency);
        changes.Compare(area, path + ".target", a.Target, b.Target);
        // onDelete only means something for lookups; every other field carries the default.
        changes.Compare(area, path + ".onDelete", OnDelete(a), OnDelete(b));
        changes.Compare(area, path + ".expression", a.Expression, b.Expression);
        changes.Compare(area, path + ".returns", DiffText.Of(a.Returns), DiffText.Of(b.Returns));
        changes.Compare(area, path + ".format", a.Format, b.Format);

        // The stage field's options are the pipeline's stages, synthesized by the loader: a stage
        // added or relabelled is reported once, as a stage.
        if (a.IsStageField || b.IsStageField) return;
        ChangeList.Match(a.Options, b.Options, o => o.Name,
            added: o => changes.Added(area, $"{path}.options.{o.Name}", DiffText.Of(o.Label)),
            removed: o => changes.Removed(area, $"{path}.options.{o.Name}", DiffText.Of(o.Label)),
            both: (x, y) => changes.Compare(area, $"{path}.options.{x.Name}.label", DiffText.Of(x.Label), DiffText.Of(y.Label)));
    }

    private static string? OnDelete(FieldDefinition field) =>
        field.Type == FieldType.Lookup ? DiffText.Name(field.OnDelete) : null;
}
