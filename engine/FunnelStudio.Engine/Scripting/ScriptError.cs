namespace FunnelStudio.Scripting;

/// <summary>Why a script run failed: it threw, hit a limit, could not parse, or was used wrongly.</summary>
public enum ScriptErrorKind
{
    /// <summary>The script threw (an Error, a TypeError from writing what the host froze …).</summary>
    Exception,
    Timeout,
    Statements,
    Memory,
    Recursion,
    Syntax,
    /// <summary>The hook's function is not there, or the engine could not be set up.</summary>
    Setup,
}

/// <summary>
/// A script failure as admins and developers read it: what happened, in which file, at which line
/// and column (1-based) when known — never a .NET stack trace.
/// </summary>
public sealed record ScriptError(ScriptErrorKind Kind, string Message, string File, int? Line, int? Column)
{
    /// <summary><c>scripts/guard.js:12:7</c>, or just the file when the position is unknown.</summary>
    public string Location => Line is { } line ? $"{File}:{line}:{Column ?? 1}" : File;

    public override string ToString() => $"{Location}: {Message}";
}
