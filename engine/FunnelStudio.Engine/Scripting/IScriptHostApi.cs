namespace FunnelStudio.Scripting;

/// <summary>
/// What <c>ctx</c>'s functions do, supplied by the caller of a run (the save step, an action, the
/// outbox handler, the CLI). Values cross as JSON text only; a method that refuses throws
/// <see cref="ScriptHostException"/>, which the script sees as a <c>TypeError</c> it may catch.
/// </summary>
public interface IScriptHostApi
{
    /// <summary><c>ctx.addError(field, message)</c>: refuses the save (field null: about the whole record).</summary>
    void AddError(string? field, string message);

    /// <summary><c>ctx.set(field, value)</c>: <paramref name="json"/> is the value as JSON.</summary>
    void Set(string field, string json);

    /// <summary><c>ctx.log(...)</c>.</summary>
    void Log(string text);

    /// <summary><c>ctx.query(object, filter, limit)</c>: records as a JSON array, through the acting user's permissions.</summary>
    string Query(string obj, string filterJson, int limit);

    /// <summary><c>ctx.webhook(url, body)</c>: queues a signed POST through the outbox (a script never opens a connection).</summary>
    void Webhook(string url, string bodyJson, string? secret);
}

/// <summary>A <c>ctx</c> function refused its arguments; the script sees a <c>TypeError</c> with this message.</summary>
public sealed class ScriptHostException(string message) : Exception(message);
