using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Rules;

/// <summary>
/// Compiles every expression of a package once: formulas (ordered by their dependencies, cycles
/// refused), validation rules and stage criteria. Reports every problem; returns null on any error.
/// </summary>
internal static class PackageCompiler
{
    public static CompiledPackage? Compile(PackageDefinition package, DiagnosticBag bag)
    {
        var errorsBefore = bag.Items.Count(d => d.IsError);
        var objects = new Dictionary<string, CompiledObject>();
        foreach (var obj in package.Objects)
        {
            var compiled = CompileObject(obj, package, bag);
            if (compiled is not null) objects[obj.Name] = compiled;
        }
        return bag.Items.Count(d => d.IsError) > errorsBefore ? null : new CompiledPackage(package, objects);
    }

    private static CompiledObject? CompileObject(ObjectDefinition obj, PackageDefinition package, DiagnosticBag bag)
    {
        var shape = new RecordShape(obj);
        var flows = package.ApprovalFlows.Where(f => f.Object == obj.Name).ToList();
        var compiler = new ExpressionCompiler(obj, shape, bag, flows.Select(f => f.Name).ToHashSet(StringComparer.Ordinal));
        var ok = true;

        var formulas = new List<CompiledFormula>();
        foreach (var field in OrderFormulas(obj, bag, ref ok))
        {
            var assign = compiler.CompileFormula(field, obj.File);
            if (assign is null) ok = false;
            else formulas.Add(new CompiledFormula(field, assign));
        }

        var validation = CompileAll(compiler, obj.ValidationRules, ref ok);
        var stages = new Dictionary<string, CompiledStage>();
        foreach (var stage in obj.Pipeline?.Stages ?? [])
        {
            var exit = CompileAll(compiler, stage.ExitCriteria, ref ok);
            var entry = CompileAll(compiler, stage.EntryCriteria, ref ok);
            if (!ok) continue; // gates are fused from compiled rules only; the package fails to load anyway
            stages[stage.Name] = new CompiledStage(stage, exit, entry)
            {
                ExitGate = compiler.CompileGate(exit),
                EntryGate = compiler.CompileGate(entry),
            };
        }
        var approvals = new List<Approvals.CompiledApprovalFlow>();
        foreach (var flow in flows)
        {
            var entry = compiler.CompileRule(flow.Entry);
            var conditions = flow.Steps.Select(s => s.When is null ? null : compiler.CompileRule(s.When)).ToList();
            if (entry is null || conditions.Where((c, i) => c is null && flow.Steps[i].When is not null).Any()) ok = false;
            else approvals.Add(new Approvals.CompiledApprovalFlow(flow, entry, conditions, package.Approvals[flow.Name])
            {
                EntryFields = FieldReads.OfRule(obj, flow.Entry),
            });
        }
        return ok ? new CompiledObject(obj, shape, formulas, validation, stages) { Approvals = approvals } : null;
    }

    private static List<CompiledRule> CompileAll(ExpressionCompiler compiler, IEnumerable<RuleDefinition> rules, ref bool ok)
    {
        var compiled = new List<CompiledRule>();
        foreach (var rule in rules)
        {
            var c = compiler.CompileRule(rule);
            if (c is null) ok = false;
            else compiled.Add(c);
        }
        return compiled;
    }

    /// <summary>Formulas in an order where each runs after the formulas it reads; cycles are reported.</summary>
    private static List<FieldDefinition> OrderFormulas(ObjectDefinition obj, DiagnosticBag bag, ref bool ok)
    {
        var formulas = obj.Fields.Where(f => f.Type == FieldType.Formula && f.Expression is not null).ToDictionary(f => f.Name);
        var dependencies = formulas.Values.ToDictionary(f => f.Name, f =>
            ExpressionText.RecordMembers(ExpressionText.BlankLiterals(f.Expression!))
                .Where(m => m.Input == "record" && formulas.ContainsKey(m.Member))
                .Select(m => m.Member).Distinct().ToList());

        var ordered = new List<FieldDefinition>();
        var state = new Dictionary<string, int>(); // 1 = visiting, 2 = done
        var reported = new HashSet<string>();
        var cycleFound = false;

        void Visit(string name, Stack<string> path)
        {
            if (state.GetValueOrDefault(name) == 2) return;
            if (state.GetValueOrDefault(name) == 1)
            {
                var cycle = path.Reverse().SkipWhile(n => n != name).Append(name).ToList();
                if (reported.Add(string.Join(",", cycle.Order())))
                    bag.Report(DiagnosticCodes.FormulaCycle, obj.File, formulas[name].Path + ".expression",
                        $"Formulas of '{obj.Name}' depend on each other in a cycle: {string.Join(" → ", cycle)}.");
                cycleFound = true;
                return;
            }
            state[name] = 1;
            path.Push(name);
            foreach (var dependency in dependencies[name]) Visit(dependency, path);
            path.Pop();
            state[name] = 2;
            ordered.Add(formulas[name]);
        }

        foreach (var name in formulas.Keys) Visit(name, new Stack<string>());
        if (cycleFound) ok = false;
        return cycleFound ? [] : ordered;
    }
}
