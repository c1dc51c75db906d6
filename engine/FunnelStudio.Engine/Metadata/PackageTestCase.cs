using System.Text.Json;

namespace FunnelStudio.Metadata;

/// <summary>
/// A package test (<c>tests/*.json</c>): a record, optionally the old record, user and clock, and
/// the expected outcome. Values stay JSON until the runner binds them with the object's field types.
/// </summary>
public sealed record PackageTestCase(string Name, string Object, JsonElement Record, PackageTestExpectation Expect)
{
    public JsonElement? Old { get; init; }
    public JsonElement? User { get; init; }
    public DateTime? Now { get; init; }
    public string File { get; init; } = "";
    public string Path { get; init; } = "";
}

/// <summary>What a package test expects; every part is optional.</summary>
public sealed record PackageTestExpectation
{
    public bool? Valid { get; init; }
    public IReadOnlyList<string>? Errors { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? Formulas { get; init; }
    public PackageTestMove? Move { get; init; }

    /// <summary>
    /// Values the object's <c>beforeSave</c> hooks must set (<c>ctx.set</c>), by field; fields not
    /// listed may be set or not. Null: not checked.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? Sets { get; init; }

    /// <summary>
    /// Exactly the errors the <c>beforeSave</c> hooks add (<c>ctx.addError</c>), each as
    /// <c>field: message</c> or the message alone; empty: the hooks accept the record. Null: not checked.
    /// </summary>
    public IReadOnlyList<string>? ScriptErrors { get; init; }

    /// <summary>True when the test checks what the hooks do.</summary>
    public bool ChecksScripts => Sets is not null || ScriptErrors is not null;
}

/// <summary>An expected stage move: target, whether allowed, and (optionally) exactly what blocks it.</summary>
public sealed record PackageTestMove(string To, bool Allowed, IReadOnlyList<string>? Blocking);
