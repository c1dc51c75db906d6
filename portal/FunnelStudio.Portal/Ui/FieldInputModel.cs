using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Ui;

/// <summary>One generated input: the field, the form it belongs to and how to name its element ids.</summary>
public sealed record FieldInputModel(ObjectDefinition Object, FieldDefinition Field, FormState State, ActingUser User)
{
    /// <summary>Prefix for element ids, so the move dialog's inputs never clash with a form on the same page.</summary>
    public string IdPrefix { get; init; } = "f_";

    /// <summary>What the user's roles allow with this field; a field they may only read is shown, never posted.</summary>
    public FieldAccess Access { get; init; } = FieldAccess.Write;

    /// <summary>Shown, never posted: computed fields, read-only fields, fields the user may only read and the stage (moved on the board or record page).</summary>
    public bool IsReadOnly => Field.IsComputed || Field.ReadOnly || Field.IsStageField || Access != FieldAccess.Write;

    public string Id => IdPrefix + Field.Name;
    public string Name => FormState.Prefix + Field.Name;
    public string? Value => State.Value(Field.Name);
    public IReadOnlyList<string> Errors => State.ErrorsOf(Field.Name);
    public string? Theirs => State.Theirs.GetValueOrDefault(Field.Name);
}

/// <summary>What the input view needs beyond the model: choices for user and lookup fields.</summary>
public sealed record FieldInputView(FieldInputModel Model, string Label, string Help,
    IReadOnlyList<UserOption> Users, IReadOnlyList<LookupChoice>? LookupChoices, string? LookupTitle, string? ReadOnlyText);

/// <summary>A record offered by a lookup input.</summary>
public sealed record LookupChoice(string Id, string Title);
