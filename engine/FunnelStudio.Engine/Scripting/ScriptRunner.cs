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
            sandbox.Statements?.Clear();
            var ctx = sandbox.Context.Build(run, host, logs);
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
            sandbox?.Context.Release();
            if (sandbox is not null && reusable) pool.Return(sandbox);
        }

        ScriptRunResult Done(ScriptError? error) =>
            new(error, logs, Stopwatch.GetElapsedTime(started).TotalMilliseconds) { Statements = sandbox?.Statements?.Count };
    }

    private static ScriptErrorKind? Kind(Exception e) => e switch
    {
        TimeoutException => ScriptErrorKind.Timeout,
        StatementsCountOverflowException => ScriptErrorKind.Statements,
        MemoryLimitExceededException => ScriptErrorKind.Memory,
        RecursionDepthOverflowException => ScriptErrorKind.Recursion,
        ExecutionCanceledException => ScriptErrorKind.Timeout,
        JintException or InvalidOperationException or ArgumentException or InsufficientExecutionStackException or System.Text.Json.JsonException => ScriptErrorKind.Setup,
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
