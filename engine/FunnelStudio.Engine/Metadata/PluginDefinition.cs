namespace FunnelStudio.Metadata;

/// <summary>
/// A plugin a package enables (<c>plugins/&lt;id&gt;/plugin.json</c> and its ES module), with the
/// settings the package gives it (checked against the plugin's JSON Schema). Its hooks and actions
/// are merged into the package's with <see cref="ScriptHookDefinition.Plugin"/> set — one copy per
/// object in <see cref="Objects"/>, since a plugin never names the package's objects itself.
/// </summary>
public sealed record PluginDefinition(string Id, string Version, LocalizedText Description, string Module)
{
    /// <summary>The settings the package gives it, as JSON text (<c>{}</c> when none).</summary>
    public string SettingsJson { get; init; } = "{}";

    /// <summary>
    /// The package's objects the plugin's hooks and actions apply to (the plugin entry's
    /// <c>"objects"</c>): a plugin is reused across packages whose objects differ, so the package
    /// maps it, never the plugin.
    /// </summary>
    public IReadOnlyList<string> Objects { get; init; } = [];

    /// <summary>The plugin's JSON Schema for its settings, as JSON text (null: takes none).</summary>
    public string? SettingsSchema { get; init; }

    /// <summary>Limits the plugin asks for (only lower than the host's).</summary>
    public ScriptLimitsRequest Limits { get; init; } = ScriptLimitsRequest.None;
}

/// <summary>Limits a package or plugin asks for; null keeps the host's. Never raises them.</summary>
public sealed record ScriptLimitsRequest(int? TimeoutMs, int? MaxStatements, long? MemoryBytes, int? MaxRecursion)
{
    public static readonly ScriptLimitsRequest None = new(null, null, null, null);
}
