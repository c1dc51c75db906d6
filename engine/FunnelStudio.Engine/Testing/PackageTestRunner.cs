using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Scripting;
using FunnelStudio.Stages;

namespace FunnelStudio.Testing;

/// <summary>
/// Runs a package's own tests (<c>tests/*.json</c>) against its compiled rules: validity and the
/// failing validation rules, formula values, and stage moves with exactly what blocks them — for a
/// user with roles, including what the package's access model forbids them (<see cref="MoveAccess"/>) —
/// and what the object's <c>beforeSave</c> hooks set and refuse (<see cref="ScriptExpectations"/>).
/// </summary>
public static class PackageTestRunner
{
    /// <summary>The clock tests run at when they don't set <c>now</c>, so results never depend on the day.</summary>
    public static readonly DateTime DefaultNow = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly ScriptRunner DefaultScripts = new(new ScriptingOptions());

    /// <summary>Runs every test; <paramref name="scripts"/> runs the hooks (default: the default sandbox limits).</summary>
    public static IReadOnlyList<PackageTestResult> Run(CompiledPackage package, ScriptRunner? scripts = null) =>
        package.Definition.Tests.Select(t => Run(package, t, scripts)).ToList();

    public static PackageTestResult Run(CompiledPackage package, PackageTestCase test, ScriptRunner? scripts = null)
    {
        var failures = new List<string>();
        var obj = package.Object(test.Object);
        if (obj is null) return new PackageTestResult(test.Name, test.File, [$"object '{test.Object}' does not exist"]);

        var (record, recordErrors) = ValueBinder.BindJson(obj.Definition, test.Record, allowComputed: true);
        RecordValues? old = null;
        if (test.Old is { } oldJson) old = ValueBinder.BindJson(obj.Definition, oldJson, allowComputed: true).Values;
        failures.AddRange(recordErrors.Select(e => $"record: {e.Message.Get("en")}"));
        var acting = ReadUser(test.User);
        var user = acting.ToRuleUser();
        var now = test.Now ?? DefaultNow;

        var evaluation = obj.Evaluate(record, old, user, now);
        var violations = RecordValidator.Validate(evaluation);
        var errorNames = violations.Select(v => v.Rule).ToList();
        var expect = test.Expect;

        if (expect.Valid is { } valid && valid != (violations.Count == 0))
            failures.Add(valid
                ? $"expected valid, but got errors: {Describe(violations)}"
                : "expected invalid, but every validation rule passed");
        if (expect.Errors is { } errors && !SameSet(errors, errorNames))
            failures.Add($"expected errors [{string.Join(", ", errors)}], got [{string.Join(", ", errorNames)}]");
        foreach (var (field, expected) in expect.Formulas ?? new Dictionary<string, JsonElement>())
        {
            var actual = evaluation.Values[field];
            if (!ValueEquals(obj.Definition.Field(field), expected, actual))
                failures.Add($"formula {field}: expected {expected.GetRawText()}, got {Format(actual)}");
        }
        ScriptExpectations.Check(scripts ?? DefaultScripts, package, obj, test, evaluation.Values, old, acting, violations, failures);
        if (expect.Move is { } move && obj.Pipeline is { } pipeline)
        {
            var from = record.GetString(pipeline.Field) ?? pipeline.First.Name;
            var decision = StageDecisionService.Decide(obj, old, record, move.To, user, now, fromStage: from);
            // With roles, the move is the user's: the package's access model applies as in a save.
            if (acting.Roles.Count > 0)
                decision = MoveAccess.Apply(decision, package.Access.For(acting, obj.Definition), OwnerOf(obj.Definition, old, record) ?? acting.Id);
            var names = decision.Blocking.Select(MoveAccess.BlockingName).ToList();
            if (decision.Allowed != move.Allowed)
                failures.Add(move.Allowed
                    ? $"expected move {from} → {move.To} allowed, but blocked by {Describe(decision.Blocking)}"
                    : $"expected move {from} → {move.To} blocked, but it was allowed");
            if (move.Blocking is { } blocking && !SameSet(blocking, names))
                failures.Add($"move {from} → {move.To}: expected blocking [{string.Join(", ", blocking)}], got [{string.Join(", ", names)}]");
        }
        return new PackageTestResult(test.Name, test.File, failures);
    }

    /// <summary>
    /// The test's <c>user</c>: id, name, roles and <c>team</c> (the ids of the users who report to them,
    /// which a <c>team</c> scope reaches; tests have no manager chain of their own).
    /// </summary>
    private static ActingUser ReadUser(JsonElement? user)
    {
        if (user is not { ValueKind: JsonValueKind.Object } u) return new ActingUser("test-user", "Test User", []);
        string Text(string key) => u.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        string[] Texts(string key) => u.TryGetProperty(key, out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray()
            : [];
        return new ActingUser(Text("id"), Text("name"), Texts("roles")) { TeamIds = Texts("team") };
    }

    /// <summary>Whose record it is: the owner before the change, else after; none when the object has no owner field.</summary>
    private static string? OwnerOf(ObjectDefinition obj, RecordValues? old, RecordValues record) =>
        obj.OwnerField is not { } owner ? null
        : old?.GetString(owner) is { Length: > 0 } before ? before
        : record.GetString(owner) is { Length: > 0 } after ? after
        : null;

    private static bool SameSet(IEnumerable<string> expected, IEnumerable<string> actual) =>
        new HashSet<string>(expected).SetEquals(actual);

    internal static bool ValueEquals(FieldDefinition? field, JsonElement expected, object? actual)
    {
        if (expected.ValueKind == JsonValueKind.Null) return actual is null;
        if (field is null) return false;
        var (value, error) = ValueBinder.BindJson(field with { Type = field.ValueType, Min = null, Max = null, Precision = null }, expected);
        if (error is not null) return false;
        return value switch
        {
            decimal d when actual is decimal a => Math.Abs(d - a) < 0.005m,
            _ => Equals(value, actual),
        };
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        DateTime d => d.ToString("O"),
        string[] a => $"[{string.Join(", ", a)}]",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static string Describe(IEnumerable<Violation> violations) =>
        string.Join("; ", violations.Select(v => v.Error is null ? $"{v.Rule}" : $"{v.Rule} ({v.Error})"));
}
