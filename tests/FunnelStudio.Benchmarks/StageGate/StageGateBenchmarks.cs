using System.Dynamic;
using BenchmarkDotNet.Attributes;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using RulesEngine.Models;

namespace FunnelStudio.Benchmarks.StageGate;

/// <summary>
/// One stage gate check: do all ten exit criteria of the qualify stage pass for one deal?
/// The same ten rules run four ways — RulesEngine used the straightforward way (a workflow and an
/// ExpandoObject record), a hand-written C# predicate, FunnelStudio's compiled rules one by one,
/// and FunnelStudio's fused stage gate, both on the typed record. Every input is built in setup,
/// so each method measures only the check.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MedianColumn]
public class StageGateBenchmarks
{
    private const string Workflow = "qualify_exit";

    private RulesEngine.RulesEngine _rulesEngine = null!;
    private ExpandoObject _expando = null!;
    private RuleParameter _typedParameter = null!;
    private GateDeal _plain = null!;
    private IReadOnlyList<CompiledRule> _exit = null!;
    private CompiledGate _exitGate = null!;
    private RuleInputs _inputs;
    private DateTime _now;

    [GlobalSetup]
    public void Setup()
    {
        _now = DateTime.UtcNow;
        var deal = PackageFixture.LoadOrThrow(RepoPaths.StageGatePackage).Object("deal")!;
        _exit = deal.Stages["qualify"].Exit;
        _exitGate = deal.Stages["qualify"].ExitGate;
        _inputs = new RuleInputs(deal.Shape.Create(GateRecord.Record(_now)), null, RuleUser.Anonymous, _now);
        _plain = GateRecord.Plain(_now);

        // RulesEngine gets the very expressions of the package, so both engines check the same rules.
        _rulesEngine = new RulesEngine.RulesEngine([ToWorkflow(_exit)], new ReSettings { CustomTypes = [typeof(Fn)] });
        _expando = GateRecord.Expando(_now);
        // RuleParameter's constructor turns an ExpandoObject into an object of a generated type;
        // built once, RulesEngine no longer sees an ExpandoObject — the row below shows that case.
        _typedParameter = new RuleParameter("record", _expando);

        // A gate that fails here would measure the failure path; the targets are for the passing one.
        if (_exit.Count != 10) throw new InvalidOperationException($"Expected 10 exit criteria, found {_exit.Count}.");
        if (!FunnelStudioRules()) throw new InvalidOperationException("A FunnelStudio exit criterion fails for the benchmark deal.");
        if (!FunnelStudioGate()) throw new InvalidOperationException("The FunnelStudio exit gate fails for the benchmark deal.");
        if (!HandWritten()) throw new InvalidOperationException("The hand-written predicate fails for the benchmark deal.");
        var results = _rulesEngine.ExecuteAllRulesAsync(Workflow, new RuleParameter("record", _expando)).GetAwaiter().GetResult();
        if (results.Find(r => !r.IsSuccess) is { } failed)
            throw new InvalidOperationException($"RulesEngine rule '{failed.Rule.RuleName}' fails: {failed.ExceptionMessage}");
    }

    /// <summary>
    /// The straightforward use the targets are set against: each check hands RulesEngine the record
    /// as an ExpandoObject, as a caller holding a different record each time must.
    /// </summary>
    [Benchmark(Description = "RulesEngine workflow, ExpandoObject")]
    public Task<bool> RulesEngineWorkflow() => AllPass(new RuleParameter("record", _expando));

    /// <summary>
    /// RulesEngine with the ExpandoObject converted to a typed object once, outside the check —
    /// possible only when the same record is checked again; shown for comparison, not the baseline.
    /// </summary>
    [Benchmark(Description = "RulesEngine workflow, parameter converted once")]
    public Task<bool> RulesEngineTypedParameter() => AllPass(_typedParameter);

    private async Task<bool> AllPass(RuleParameter record)
    {
        var results = await _rulesEngine.ExecuteAllRulesAsync(Workflow, record);
        foreach (var result in results)
            if (!result.IsSuccess) return false;
        return true;
    }

    [Benchmark(Baseline = true, Description = "Hand-written C# predicate")]
    public bool HandWritten() => GateDeal.PassesQualifyExit(_plain, _now);

    [Benchmark(Description = "FunnelStudio rules one by one (Passes)")]
    public bool FunnelStudioRules()
    {
        var exit = _exit;
        for (var i = 0; i < exit.Count; i++)
            if (!exit[i].Passes(in _inputs)) return false;
        return true;
    }

    [Benchmark(Description = "FunnelStudio fused exit gate (ExitGate)")]
    public bool FunnelStudioGate() => _exitGate.Passes(in _inputs);

    private static Workflow ToWorkflow(IEnumerable<CompiledRule> rules) => new()
    {
        WorkflowName = Workflow,
        Rules = rules.Select(r => new Rule
        {
            RuleName = r.Name,
            Expression = r.Definition.Expression,
            RuleExpressionType = RuleExpressionType.LambdaExpression,
        }).ToList(),
    };
}
