using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Loading;

/// <summary>Checks package tests against the metadata: objects, fields, values and stages must exist.</summary>
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
            CheckValues(obj, test, test.Record, test.Path + ".record", bag);
            if (test.Old is { } old) CheckValues(obj, test, old, test.Path + ".old", bag);
            if (test.Expect.Move is { } move && obj.Pipeline?.Find(move.To) is null)
                bag.Report(DiagnosticCodes.UnknownStage, test.File, test.Path + ".expect.move.to",
                    $"Test '{test.Name}' moves to '{move.To}', which is not a stage of '{obj.Name}'.");
            foreach (var formula in test.Expect.Formulas?.Keys ?? [])
                if (obj.Field(formula) is not { Type: FieldType.Formula })
                    bag.Report(DiagnosticCodes.TestUnknownField, test.File, $"{test.Path}.expect.formulas.{formula}",
                        $"Test '{test.Name}' expects formula '{formula}', which is not a formula of '{obj.Name}'.");
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
