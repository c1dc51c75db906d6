using Jint;
using Jint.Native;
using Jint.Runtime.Interop;

namespace FunnelStudio.Scripting;

/// <summary>
/// One sandboxed Jint engine: strict, no CLR access (interop stays off: nothing .NET is ever passed
/// in but <see cref="ClrFunction"/> delegates over plain JS values), no <c>eval</c> or
/// <c>Function(…)</c>, limits on time, statements, memory and recursion, and the stack-overflow guard
/// on so runaway recursion through getters or <c>valueOf</c> becomes a catchable error instead of the
/// end of the process. Built-in constructors and prototypes are frozen, so a script cannot pollute
/// <c>Object.prototype</c> for the next run; what it adds to the globals is undone by a snapshot.
/// </summary>
internal sealed class SandboxEngine
{
    // Freezes the built-ins once, when the engine is made.
    private const string Bootstrap = """
        (function (freeze) {
          const builtins = [Object, Array, Function, String, Number, Boolean, Symbol, Date, RegExp, Error, TypeError,
            RangeError, SyntaxError, ReferenceError, EvalError, URIError, Map, Set, WeakMap, WeakSet, Promise, BigInt];
          for (const c of builtins) { freeze(c.prototype); freeze(c); }
          freeze(JSON); freeze(Math); freeze(Reflect);
          freeze(Object.getPrototypeOf(function* () {}));
          freeze(Object.getPrototypeOf([][Symbol.iterator]()));
        })(Object.freeze)
        """;

    private static readonly Prepared<Acornima.Ast.Script> PreparedBootstrap = Engine.PrepareScript(Bootstrap, "sandbox");

    private readonly Dictionary<(string Module, string Function), JsValue> _functions = new();
    private readonly Dictionary<string, ObjectInstanceRef> _namespaces = new(StringComparer.Ordinal);
    private readonly GlobalSnapshot _snapshot;

    public SandboxEngine(IReadOnlyList<ScriptModule> modules, ScriptLimits limits)
    {
        var options = new Options();
        options.Strict();
        options.DisableStringCompilation();
        options.Interop.Enabled = false;
        options.LimitRecursion(limits.MaxRecursion);
        options.TimeoutInterval(TimeSpan.FromMilliseconds(limits.TimeoutMs));
        options.MaxStatements(limits.MaxStatements);
        options.LimitMemory(limits.MemoryBytes);
        options.Constraints.StackOverflowGuard = true;
        if (limits.CountStatements) options.Constraint(Statements = new StatementCounter());
        Engine = new Engine(options);
        Engine.Constraints.Reset();
        Engine.Evaluate(PreparedBootstrap);
        Context = new ScriptContext(Engine, Engine.Intrinsics.Object.Get("freeze"));
        foreach (var module in modules)
        {
            var prepared = module.Prepared;
            Engine.Modules.Add(module.Path, b => b.AddModule(prepared));
        }
        Engine.Constraints.Reset();
        foreach (var module in modules) _namespaces[module.Path] = new ObjectInstanceRef(Engine.Modules.Import(module.Path));
        _snapshot = Engine.Advanced.CaptureGlobalSnapshot();
    }

    public Engine Engine { get; }
    /// <summary>The statements of the last run; null unless the limits ask to count them.</summary>
    public StatementCounter? Statements { get; }
    /// <summary>Builds <c>ctx</c> for this engine's runs.</summary>
    public ScriptContext Context { get; }

    /// <summary>The exported function, or undefined when the module has no such export.</summary>
    public JsValue Function(string module, string function)
    {
        if (_functions.TryGetValue((module, function), out var found)) return found;
        var value = _namespaces.TryGetValue(module, out var ns) ? ns.Value.Get(function) : JsValue.Undefined;
        _functions[(module, function)] = value;
        return value;
    }

    public void Restore() => Engine.Advanced.RestoreGlobalSnapshot(_snapshot);

    private sealed record ObjectInstanceRef(Jint.Native.Object.ObjectInstance Value);
}
