using System.Globalization;
using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>Reads <c>tests/*.json</c>: <c>{ "tests": [ … ] }</c> or a bare array of test cases.</summary>
internal static class TestReader
{
    private static readonly string[] CaseKeys = ["name", "object", "record", "old", "user", "now", "expect", "description"];
    private static readonly string[] ExpectKeys = ["valid", "errors", "formulas", "move", "sets", "scriptErrors"];
    private static readonly string[] MoveKeys = ["to", "allowed", "blocking"];

    public static IEnumerable<PackageTestCase> Read(ElementReader reader, JsonElement root)
    {
        IEnumerable<(JsonElement, string)> items;
        if (root.ValueKind == JsonValueKind.Array)
            items = root.EnumerateArray().Select((e, i) => (e, $"$[{i}]"));
        else if (reader.ExpectObject(root, "$", ["tests"], "a test file"))
            items = reader.Array(root, "$", "tests", required: true);
        else yield break;

        foreach (var (item, path) in items)
        {
            var test = ReadCase(reader, item, path);
            if (test is not null) yield return test;
        }
    }

    private static PackageTestCase? ReadCase(ElementReader reader, JsonElement element, string path)
    {
        if (!reader.ExpectObject(element, path, CaseKeys, "a test case")) return null;
        var name = reader.String(element, path, "name", required: true);
        var obj = reader.String(element, path, "object", required: true);
        var record = ObjectValue(reader, element, path, "record", required: true);
        var old = ObjectValue(reader, element, path, "old", required: false);
        var user = ObjectValue(reader, element, path, "user", required: false);
        DateTime? now = null;
        var nowText = reader.String(element, path, "now");
        if (nowText is not null)
        {
            if (DateTime.TryParse(nowText, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                now = parsed;
            else reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, path + ".now", $"'now' must be an ISO 8601 date-time, not '{nowText}'.");
        }
        var expect = ReadExpect(reader, element, path);
        if (name is null || obj is null || record is null || expect is null) return null;
        return new PackageTestCase(name, obj, record.Value, expect)
        {
            Old = old, User = user, Now = now, File = reader.File, Path = path,
        };
    }

    private static JsonElement? ObjectValue(ElementReader reader, JsonElement element, string path, string key, bool required)
    {
        if (!reader.TryGet(element, path, key, required, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Object) return value.Clone();
        reader.WrongType(path, key, "an object", value);
        return null;
    }

    private static PackageTestExpectation? ReadExpect(ElementReader reader, JsonElement element, string path)
    {
        if (!reader.TryGet(element, path, "expect", true, out var expect)) return null;
        var expectPath = path + ".expect";
        if (!reader.ExpectObject(expect, expectPath, ExpectKeys, "an expectation")) return null;
        Dictionary<string, JsonElement>? formulas = null;
        if (reader.TryGet(expect, expectPath, "formulas", false, out var f))
        {
            if (f.ValueKind == JsonValueKind.Object)
                formulas = f.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
            else reader.WrongType(expectPath, "formulas", "an object", f);
        }
        Dictionary<string, JsonElement>? sets = null;
        if (reader.TryGet(expect, expectPath, "sets", false, out var s))
        {
            if (s.ValueKind == JsonValueKind.Object)
                sets = s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
            else reader.WrongType(expectPath, "sets", "an object", s);
        }
        PackageTestMove? move = null;
        if (reader.TryGet(expect, expectPath, "move", false, out var m) &&
            reader.ExpectObject(m, expectPath + ".move", MoveKeys, "a move expectation"))
        {
            var to = reader.String(m, expectPath + ".move", "to", required: true);
            if (!reader.Has(m, "allowed"))
                reader.Bag.Error(DiagnosticCodes.MissingRequired, reader.File, expectPath + ".move.allowed", "'allowed' is required here.");
            var allowed = reader.Bool(m, expectPath + ".move", "allowed");
            var blocking = reader.Has(m, "blocking") ? reader.Strings(m, expectPath + ".move", "blocking") : null;
            if (to is not null) move = new PackageTestMove(to, allowed, blocking);
        }
        return new PackageTestExpectation
        {
            Valid = reader.Has(expect, "valid") ? reader.Bool(expect, expectPath, "valid") : null,
            Errors = reader.Has(expect, "errors") ? reader.Strings(expect, expectPath, "errors") : null,
            Formulas = formulas,
            Move = move,
            Sets = sets,
            ScriptErrors = reader.Has(expect, "scriptErrors") ? reader.Strings(expect, expectPath, "scriptErrors") : null,
        };
    }
}
