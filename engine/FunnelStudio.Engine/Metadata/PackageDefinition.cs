namespace FunnelStudio.Metadata;

/// <summary>
/// A whole config package as read from its folder. Approval flows, templates and scripts are kept
/// as their source text here; the capabilities that interpret them read them from this record.
/// </summary>
public sealed record PackageDefinition(string Name, string Version, LocalizedText Label)
{
    public LocalizedText Description { get; init; } = LocalizedText.Empty;
    public IReadOnlyList<string> Locales { get; init; } = ["en"];
    public string DefaultLocale { get; init; } = "en";
    public IReadOnlyList<RoleDefinition> Roles { get; init; } = [];
    /// <summary>The plugins the package enables, with their settings (from <c>plugins/&lt;id&gt;/</c>).</summary>
    public IReadOnlyList<PluginDefinition> Plugins { get; init; } = [];
    /// <summary>Hooks of the package and of its plugins, in run order (see <see cref="ScriptHookDefinition"/>).</summary>
    public IReadOnlyList<ScriptHookDefinition> Hooks { get; init; } = [];
    /// <summary>Record actions of the package and of its plugins.</summary>
    public IReadOnlyList<ScriptActionDefinition> Actions { get; init; } = [];
    /// <summary>Limits the package asks for its scripts (only lower than the host's).</summary>
    public ScriptLimitsRequest ScriptLimits { get; init; } = ScriptLimitsRequest.None;
    public IReadOnlyList<ObjectDefinition> Objects { get; init; } = [];
    /// <summary><c>approvals/*.json</c> by flow name, as their source text (a request pins the text it started under).</summary>
    public IReadOnlyDictionary<string, string> Approvals { get; init; } = new Dictionary<string, string>();
    /// <summary>The approval flows, read and checked (see <see cref="ApprovalFlowDefinition"/>).</summary>
    public IReadOnlyList<ApprovalFlowDefinition> ApprovalFlows { get; init; } = [];
    public IReadOnlyDictionary<string, string> Templates { get; init; } = new Dictionary<string, string>();
    /// <summary>JavaScript modules by path: <c>scripts/*.js</c> and the enabled plugins' <c>plugins/&lt;id&gt;/*.js</c>.</summary>
    public IReadOnlyDictionary<string, string> Scripts { get; init; } = new Dictionary<string, string>();
    /// <summary>Printable documents of records (<c>"documents"</c> in package.json), rendered from <see cref="Templates"/>.</summary>
    public IReadOnlyList<DocumentDefinition> Documents { get; init; } = [];
    public IReadOnlyList<PackageTestCase> Tests { get; init; } = [];
    /// <summary>Who is told what when a record is created or moves stage (<c>"notifications"</c> in package.json).</summary>
    public IReadOnlyList<NotificationRuleDefinition> NotificationRules { get; init; } = [];

    /// <summary>
    /// <c>demo/*.json</c>: users and records the portal seeds into an empty database for a demo —
    /// the package's own example data, so no name of it is written in C#.
    /// </summary>
    public IReadOnlyDictionary<string, string> Demo { get; init; } = new Dictionary<string, string>();

    /// <summary><c>dashboards/*.json</c>: reports and their layout the package ships (read-only for users).</summary>
    public IReadOnlyList<Reports.PackageDashboard> Dashboards { get; init; } = [];

    public ObjectDefinition? Object(string name) => Objects.FirstOrDefault(o => o.Name == name);
}
