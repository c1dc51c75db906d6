using FunnelStudio.Loading;
using FunnelStudio.Records;
using FunnelStudio.Rules;

namespace FunnelStudio.Engine.Tests.Support;

/// <summary>
/// Compiles the minimal package with one extra rule or formula on <c>deal</c> (named <c>probe</c>)
/// and runs it against a record, the way a save would.
/// </summary>
public static class RuleHarness
{
    public const string Probe = "probe";

    public static LoadResult LoadWithRule(string expression) =>
        PackageBuilder.Minimal().WithRule("deal", Probe, expression).Load();

    public static LoadResult LoadWithFormula(string expression, string returns) =>
        PackageBuilder.Minimal().WithFormula("deal", Probe, expression, returns).Load();

    /// <summary>Evaluates the rule <paramref name="expression"/> on <paramref name="record"/>.</summary>
    public static RuleResult Rule(string expression, object record, object? old = null, RuleUser? user = null, DateTime? now = null)
    {
        var obj = PackageBuilder.Minimal().WithRule("deal", Probe, expression).Compile().Object("deal")!;
        var evaluation = Evaluate(obj, record, old, user, now);
        return obj.ValidationRules.Single(r => r.Name == Probe).Evaluate(evaluation.Inputs);
    }

    /// <summary>Computes the formula <paramref name="expression"/> on <paramref name="record"/> and returns its value.</summary>
    public static object? Formula(string expression, string returns, object record, object? old = null, DateTime? now = null)
    {
        var obj = PackageBuilder.Minimal().WithFormula("deal", Probe, expression, returns).Compile().Object("deal")!;
        var evaluation = Evaluate(obj, record, old, null, now);
        Assert.Empty(evaluation.FormulaErrors);
        return evaluation.Values[Probe];
    }

    public static Evaluation Evaluate(CompiledObject obj, object record, object? old = null, RuleUser? user = null, DateTime? now = null)
    {
        RecordValues? oldValues = old is null ? null : TestRecord.Bind(obj, old);
        return obj.Evaluate(TestRecord.Bind(obj, record), oldValues, user ?? Users.Rep, now ?? Clock.Now);
    }
}
