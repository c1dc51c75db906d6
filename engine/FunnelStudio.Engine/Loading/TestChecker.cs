using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Loading;

/// <summary>Checks package tests against the metadata: objects, fields, values, stages and the user's roles must exist.</summary>
internal static class TestChecker
{
    public static void Check(PackageDefinition package, DiagnosticBag bag)
    {
        foreach (var test in package.Tests)
        {
            var obj = package.Object(test.Object);
            if (obj is null)
            {
                bag.Report(DiagnosticCodes.TestUnknownObject, test.File, test.Path + ".object",
                    $"Test '{test.Name}' uses object '{test.Object}', which the package does not define.");
                continue;
            }
            if (test.User is { } user) CheckUser(package, test, user, bag);
            CheckValues(obj, test, test.Record, test.Path + ".record", bag);
            if (test.Old is { } old) CheckValues(obj, test, old, test.Path + ".old", bag);
            if (test.Expect.Move is { } move && obj.Pipeline?.Find(move.To) is null)
                bag.Report(DiagnosticCodes.UnknownStage, test.File, test.Path + ".expect.move.to",
                    $"Test '{test.Name}' moves to '{move.To}', which is not a stage of '{obj.Name}'.");
            foreach (var formula in test.Expect.Formulas?.Keys ?? [])
                if (obj.Field(formula) is not { Type: FieldType.Formula })
                    bag.Report(DiagnosticCodes.TestUnknownField, test.File, $"{test.Path}.expect.formulas.{formula}",
                        $"Test '{test.Name}' expects formula '{formula}', which is not a formula of '{obj.Name}'.");
            CheckScripts(package, obj, test, bag);
        }
    }

    /// <summary>
    /// Script expectations: the object must have <c>beforeSave</c> hooks (else the test would check
    /// nothing), and each expected set a field a script may set, with a value of its type.
    /// </summary>
    private static void CheckScripts(PackageDefinition package, ObjectDefinition obj, PackageTestCase test, DiagnosticBag bag)
    {
        if (!test.Expect.ChecksScripts) return;
        if (!package.Hooks.Any(h => h.Object == obj.Name && h.Event == ScriptEvents.BeforeSave))
            bag.Report(DiagnosticCodes.TestUnknownField, test.File, test.Path + ".expect",
                $"Test '{test.Name}' expects script results, but '{obj.Name}' has no beforeSave hooks (in the package or its plugins).");
        foreach (var (name, value) in test.Expect.Sets ?? new Dictionary<string, JsonElement>())
        {
            var at = $"{test.Path}.expect.sets.{name}";
            if (obj.Field(name) is not { } field || field.IsComputed || field.IsStageField)
                bag.Report(DiagnosticCodes.TestUnknownField, test.File, at,
                    $"Test '{test.Name}' expects a script to set '{name}', which is not a field of '{obj.Name}' a script can set.");
            else if (value.ValueKind != JsonValueKind.Null && ValueBinder.BindJson(field, value).Error is { } error)
                bag.Report(DiagnosticCodes.TestUnknownField, test.File, at, $"Test '{test.Name}': {error.Message.Get("en")}");
        }
    }

    private static readonly string[] UserKeys = ["id", "name", "roles", "team"];

    /// <summary>The test's user: roles the package defines (a typo would silently test nobody), ids as text.</summary>
    private static void CheckUser(PackageDefinition package, PackageTestCase test, JsonElement user, DiagnosticBag bag)
    {
        var path = test.Path + ".user";
        foreach (var property in user.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            if (!UserKeys.Contains(property.Name))
                bag.Report(DiagnosticCodes.UnknownKey, test.File, at, $"Unknown key '{property.Name}' in a test's user (known: {string.Join(", ", UserKeys)}).");
            else if (property.Name is "id" or "name" && property.Value.ValueKind != JsonValueKind.String)
                bag.Report(DiagnosticCodes.WrongType, test.File, at, $"'{property.Name}' must be a string.");
            else if (property.Name is "roles" or "team")
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    bag.Report(DiagnosticCodes.WrongType, test.File, at, $"'{property.Name}' must be an array of strings.");
                    continue;
                }
                var i = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    var itemPath = $"{at}[{i++}]";
                    if (item.ValueKind != JsonValueKind.String)
                        bag.Report(DiagnosticCodes.WrongType, test.File, itemPath, $"'{property.Name}' must be an array of strings.");
                    else if (property.Name == "roles" && !package.Roles.Any(r => r.Name == item.GetString()))
                        bag.Report(DiagnosticCodes.UnknownRole, test.File, itemPath,
                            $"Test '{test.Name}' gives its user role '{item.GetString()}', which package.json does not define " +
                            $"(roles: {string.Join(", ", package.Roles.Select(r => r.Name))}).");
                }
            }
        }
    }

    private static void CheckValues(ObjectDefinition obj, PackageTestCase test, JsonElement values, string path, DiagnosticBag bag)
    {
        var (_, errors) = ValueBinder.BindJson(obj, values, allowComputed: true);
        foreach (var error in errors)
            bag.Report(DiagnosticCodes.TestUnknownField, test.File, $"{path}.{error.Field}",
                $"Test '{test.Name}': {error.Message.Get("en")}");
    }
}
