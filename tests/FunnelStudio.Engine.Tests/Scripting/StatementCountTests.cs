using FunnelStudio.Records;
using FunnelStudio.Scripting;
using FunnelStudio.Scripting.Offline;
using static FunnelStudio.Engine.Tests.Scripting.ScriptPackages;

namespace FunnelStudio.Engine.Tests.Scripting;

/// <summary>
/// A run counts the statements it executed when asked to (<c>script run</c> does; the portal does not,
/// since an exact count slows every run): in its result, the save trace, and <c>script run</c>'s output.
/// </summary>
public sealed class StatementCountTests
{
    private static long Statements(int iterations)
    {
        var package = WithHook($$"""
            export function check(ctx) {
              let n = 0;
              for (let i = 0; i < {{iterations}}; i++) { n += i; }
              if (n < 0) ctx.addError(null, 'never');
            }
            """).Compile();
        var result = OfflineHooks.Run(new ScriptRunner(new ScriptingOptions { CountStatements = true }), package, package.Object("deal")!, "beforeSave",
            RecordValues.Empty, null, Rep);
        Assert.False(result.Failed, result.Failure?.ToString());
        return result.Statements;
    }

    [Fact]
    public void Statements_AreCountedExactly_EachLoopIterationAddingTheSame()
    {
        var none = Statements(0);
        var hundred = Statements(100);
        var twoHundred = Statements(200);

        Assert.InRange(none, 1, 10);
        Assert.True(hundred - none >= 100, $"{none} and {hundred}");
        Assert.Equal(2 * (hundred - none), twoHundred - none);
    }

    [Fact]
    public async Task TheSaveTrace_CarriesARunsStatements_WhenCounted_AndNoneOtherwise()
    {
        const string script = "export function check(ctx) { const a = 1; const b = 2; if (a + b > 10) ctx.addError(null, 'no'); }";
        foreach (var counted in new[] { true, false })
        {
            var traces = new Tracing.InMemorySaveTraceStore();
            var (service, _) = Pipeline(WithHook(script).Compile(), new ScriptingOptions { CountStatements = counted }, traces);

            await CreateDealAsync(service, new { name = "counted" });

            var step = Assert.Single(Assert.Single(traces.Traces).Steps, s => s.Kind == FunnelStudio.Tracing.TraceKinds.Script);
            if (counted) Assert.InRange(step.Statements ?? 0, 3, 10);
            else Assert.Null(step.Statements);
        }
    }
}
