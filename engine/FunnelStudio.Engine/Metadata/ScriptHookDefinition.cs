namespace FunnelStudio.Metadata;

/// <summary>
/// A hook: a JavaScript function the engine runs on an event of one object's records. Declared in
/// <c>package.json</c> (<c>"hooks"</c>, with the script's path in the package) or in a plugin's
/// <c>plugin.json</c> (the script is the plugin's module). Runs by <see cref="Order"/>, then package
/// before plugin, then in declaration order.
/// </summary>
/// <param name="Event">One of <see cref="ScriptEvents"/>.</param>
/// <param name="Object">The object whose records trigger it.</param>
/// <param name="Script">The module's path (<c>scripts/guard.js</c>, <c>plugins/lead-scoring/index.js</c>).</param>
/// <param name="Function">The exported function it calls with <c>ctx</c>.</param>
public sealed record ScriptHookDefinition(string Event, string Object, string Script, string Function)
{
    public int Order { get; init; }

    /// <summary>Null for the package's own hooks; the plugin's id otherwise.</summary>
    public string? Plugin { get; init; }

    /// <summary>Where it was declared (file and JSON path), for diagnostics.</summary>
    public string File { get; init; } = "package.json";
    public string Path { get; init; } = "$";

    /// <summary>How traces, logs and the outbox name it: <c>scripts/guard.js#check</c>.</summary>
    public string Id => $"{Script}#{Function}";

    /// <summary><c>package</c> or the plugin id.</summary>
    public string Source => Plugin ?? "package";
}

/// <summary>The events a hook may name.</summary>
public static class ScriptEvents
{
    /// <summary>Inside the save, after validation: may set fields or add errors; a failure refuses the save.</summary>
    public const string BeforeSave = "beforeSave";
    /// <summary>After the commit, from the outbox.</summary>
    public const string AfterSave = "afterSave";
    /// <summary>After the commit of a save that changed the stage, from the outbox.</summary>
    public const string OnStageChange = "onStageChange";
    /// <summary>When an approval flow decides (wired by approvals).</summary>
    public const string OnApproval = "onApproval";

    public static IReadOnlyList<string> All { get; } = [BeforeSave, AfterSave, OnStageChange, OnApproval];
}
