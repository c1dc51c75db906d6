using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Scripting;
using FunnelStudio.Scripting.Offline;

namespace FunnelStudio.Testing;

/// <summary>
/// The script part of a package test: when the record passes validation (as in a save, scripts never
/// see a record the rules refuse), the object's <c>beforeSave</c> hooks run offline on it, and what
/// they set and refuse is compared with <c>expect.sets</c> and <c>expect.scriptErrors</c>. A script
/// that throws or hits a limit fails the test, with its file, line and column, whatever it expects.
/// </summary>
internal static class ScriptExpectations
{
    public static void Check(ScriptRunner runner, CompiledPackage package, CompiledObject obj, PackageTestCase test,
        RecordValues values, RecordValues? old, ActingUser acting, IReadOnlyList<Violation> violations, List<string> failures)
    {
        var expect = test.Expect;
        if (!package.Scripts.HasHooks(obj.Name, ScriptEvents.BeforeSave)) return;
        if (violations.Count > 0)
        {
            if (expect.ChecksScripts)
                failures.Add($"expected script results, but validation refused the record before the hooks ran ({string.Join(", ", violations.Select(v => v.Rule))})");
            return;
        }
        // Scripts act as a user with roles: the test's, else the package's first admin role (as `script run`).
        var user = acting.Roles.Count > 0 ? acting : OfflineHooks.DefaultUser(package.Definition);
        var result = OfflineHooks.Run(runner, package, obj, ScriptEvents.BeforeSave, values, old, user);
        if (result.Failure is { } failure)
        {
            failures.Add($"script failed: {failure.Location}: {failure.Message} ({result.FailedHook})");
            return;
        }
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        if (expect.ScriptErrors is { } expected && !new HashSet<string>(expected).SetEquals(errors))
            failures.Add($"expected script errors [{string.Join(", ", expected)}], got [{string.Join(", ", errors)}]");
        foreach (var (field, value) in expect.Sets ?? new Dictionary<string, JsonElement>())
        {
            var change = result.Changes.FirstOrDefault(c => c.Field == field);
            if (change is null)
                failures.Add(result.Refused
                    ? $"set {field}: expected {value.GetRawText()}, but the hooks refused the record before setting it"
                    : $"set {field}: expected {value.GetRawText()}, but no script set it");
            else if (!PackageTestRunner.ValueEquals(obj.Definition.Field(field), value, change.Value))
                failures.Add($"set {field}: expected {value.GetRawText()}, got {change.Json}");
        }
    }
}
