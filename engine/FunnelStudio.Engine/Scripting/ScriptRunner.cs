using System.Diagnostics;
using System.Text.RegularExpressions;
using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace FunnelStudio.Scripting;

/// <summary>
/// Runs script functions in the sandbox: rents an engine from the version's pool, builds a frozen
/// <c>ctx</c> of plain JS values and host functions, calls the function, and turns whatever stops it
/// — an exception, a limit, a stack overflow — into a <see cref="ScriptError"/> with file, line and
/// column. It never throws for what a script does.
/// </summary>
public sealed partial class ScriptRunner(ScriptingOptions options)
{
    public const int MaxLogs = 100;
    public const int MaxLogLength = 2_000;

    public ScriptingOptions Options => options;

    public ScriptRunResult Run(CompiledScripts scripts, ScriptRun run, IScriptHostApi host, string? plugin)
    {
        ScriptWarmUp.Ensure();
        return RunCore(scripts, run, host, plugin);
    }

    internal ScriptRunResult RunCore(CompiledScripts scripts, ScriptRun run, IScriptHostApi host, string? plugin)
    {
        var started = Stopwatch.GetTimestamp();
        var logs = new List<string>();
        var limits = options.LimitsFor(scripts.Package.ScriptLimits, scripts.Plugin(plugin)?.Limits);
        var pool = scripts.Pool(limits, options.PoolSize);
        SandboxEngine? sandbox = null;
        var reusable = false;
        try
        {
            sandbox = pool.Rent();
            var function = sandbox.Function(run.Module, run.Function);
            if (function is not Jint.Native.Function.Function)
                return Done(new ScriptError(ScriptErrorKind.Setup, $"'{run.Function}' is not a function exported by {run.Module}.", run.Module, null, null));
            sandbox.Engine.Constraints.Reset();
            var ctx = Context(sandbox, run, host, logs);
            sandbox.Engine.Call(function, ctx);
            reusable = true;
            return Done(null);
        }
        catch (JavaScriptException e)
        {
            reusable = true;
            return Done(new ScriptError(ScriptErrorKind.Exception, e.Message, e.Location.SourceFile ?? run.Module,
                e.Location.Start.Line, e.Location.Start.Column + 1));
        }
        catch (Exception e) when (Kind(e) is { } kind)
        {
            return Done(At(sandbox, run, kind, Message(kind, limits, e)));
        }
        finally
        {
            if (sandbox is not null && reusable) pool.Return(sandbox);
        }

        ScriptRunResult Done(ScriptError? error) =>
            new(error, logs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static JsValue Context(SandboxEngine sandbox, ScriptRun run, IScriptHostApi host, List<string> logs)
    {
        var engine = sandbox.Engine;
        var json = sandbox.Json;
        var ctx = new JsObject(engine);
        ctx.Set("object", run.Object);
        ctx.Set("event", run.Event);
        ctx.Set("record", json.Parse(run.RecordJson));
        ctx.Set("old", run.OldJson is null ? JsValue.Null : json.Parse(run.OldJson));
        ctx.Set("user", json.Parse(run.UserJson));
        ctx.Set("settings", json.Parse(run.SettingsJson));
        if (run.StageJson is not null) ctx.Set("stage", json.Parse(run.StageJson));
        var serializer = new JsonSerializer(engine);
        ctx.Set("addError", Host(engine, "addError", args =>
            host.AddError(args.Length > 1 && !args[0].IsNull() && !args[0].IsUndefined() ? TypeConverter.ToString(args[0]) : null,
                TypeConverter.ToString(args.Length > 1 ? args[1] : args.Length == 1 ? args[0] : "")), 2));
        ctx.Set("set", Host(engine, "set", args =>
        {
            if (args.Length < 2 || !args[0].IsString()) throw new ScriptHostException("ctx.set(field, value) needs a field name and a value.");
            var value = serializer.Serialize(args[1]);
            host.Set(args[0].AsString(), value.IsUndefined() ? "null" : value.AsString());
        }, 2));
        ctx.Set("log", Host(engine, "log", args =>
        {
            if (logs.Count >= MaxLogs) return;
            var text = string.Join(" ", args.Select(a => a.IsString() ? a.AsString() : serializer.Serialize(a) is { } s && !s.IsUndefined() ? s.AsString() : TypeConverter.ToString(a)));
            logs.Add(text.Length > MaxLogLength ? text[..MaxLogLength] + "…" : text);
            host.Log(logs[^1]);
        }, 1));
        ctx.Set("query", new ClrFunction(engine, "query", (_, args) =>
        {
            if (args.Length < 1 || !args[0].IsString()) throw Refused(engine, "ctx.query(object, filter, limit) needs an object name.");
            var filter = args.Length > 1 && args[1].IsObject() ? serializer.Serialize(args[1]).AsString() : "{}";
            var limit = args.Length > 2 && args[2].IsNumber() ? (int)Math.Clamp(args[2].AsNumber(), 1, ScriptingOptions.MaxQueryRows) : 20;
            try
            {
                return sandbox.Freeze(json.Parse(host.Query(args[0].AsString(), filter, limit)));
            }
            catch (ScriptHostException e)
            {
                throw Refused(engine, e.Message);
            }
        }, 3));
        ctx.Set("webhook", Host(engine, "webhook", args =>
        {
            if (args.Length < 2 || !args[0].IsString()) throw new ScriptHostException("ctx.webhook(url, body) needs a URL and a body.");
            var body = serializer.Serialize(args[1]);
            host.Webhook(args[0].AsString(), body.IsUndefined() ? "null" : body.AsString(), args.Length > 2 && args[2].IsString() ? args[2].AsString() : null);
        }, 2));
        return sandbox.Freeze(ctx);
    }

    private static ClrFunction Host(Engine engine, string name, Action<JsValue[]> action, int length) =>
        new(engine, name, (_, args) =>
        {
            try
            {
                action(args);
            }
            catch (ScriptHostException e)
            {
                throw Refused(engine, e.Message);
            }
            return JsValue.Undefined;
        }, length);

    private static JavaScriptException Refused(Engine engine, string message) =>
        new(engine.Intrinsics.TypeError, message);

    private static ScriptErrorKind? Kind(Exception e) => e switch
    {
        TimeoutException => ScriptErrorKind.Timeout,
        StatementsCountOverflowException => ScriptErrorKind.Statements,
        MemoryLimitExceededException => ScriptErrorKind.Memory,
        RecursionDepthOverflowException => ScriptErrorKind.Recursion,
        ExecutionCanceledException => ScriptErrorKind.Timeout,
        JintException or InvalidOperationException or ArgumentException or InsufficientExecutionStackException => ScriptErrorKind.Setup,
        _ => null,
    };

    private static string Message(ScriptErrorKind kind, ScriptLimits limits, Exception e) => kind switch
    {
        ScriptErrorKind.Timeout => $"The script ran longer than its limit of {limits.TimeoutMs} ms.",
        ScriptErrorKind.Statements => $"The script ran more than its limit of {limits.MaxStatements:N0} statements.",
        ScriptErrorKind.Memory => $"The script allocated more than its limit of {limits.MemoryBytes / 1024 / 1024.0:0.#} MB.",
        ScriptErrorKind.Recursion => $"The script nested calls deeper than its limit of {limits.MaxRecursion}.",
        _ => $"The script could not run: {e.Message}",
    };

    [GeneratedRegex(@"at (?:[^\s(]+ \()?(?<file>[^\s():]+):(?<line>\d+):(?<column>\d+)")]
    private static partial Regex StackLine();

    /// <summary>A limit's error at the place the script was when it stopped (the engine's stack), else the module.</summary>
    private static ScriptError At(SandboxEngine? sandbox, ScriptRun run, ScriptErrorKind kind, string message)
    {
        var stack = sandbox?.Engine.Advanced.StackTrace ?? "";
        var match = StackLine().Match(stack);
        return match.Success
            ? new ScriptError(kind, message, match.Groups["file"].Value, int.Parse(match.Groups["line"].Value), int.Parse(match.Groups["column"].Value))
            : new ScriptError(kind, message, run.Module, null, null);
    }
}
