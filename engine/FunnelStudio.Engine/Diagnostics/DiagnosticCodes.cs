namespace FunnelStudio.Diagnostics;

using static DiagnosticSeverity;

/// <summary>
/// The one table of loader diagnostics. Codes are stable: tools, tests and admins rely on them, so a
/// code is never reused for another meaning. FS10xx = files and JSON shape, FS11xx = meaning
/// (references, expressions, pipelines), FS12xx = package tests, FS13xx = publishing against the data,
/// FS14xx = package archives (zip uploads),
/// FS15xx = scripts and plugins, FS16xx = templates and documents, FS19xx = dashboards.
/// </summary>
public static class DiagnosticCodes
{
    // Files and JSON shape
    public static readonly DiagnosticCode PackageNotFound = new("FS1000", Error, "The package folder or its package.json does not exist.");
    public static readonly DiagnosticCode MalformedJson = new("FS1001", Error, "The file is not well-formed JSON.");
    public static readonly DiagnosticCode WrongType = new("FS1002", Error, "A value has the wrong JSON type.");
    public static readonly DiagnosticCode UnknownKey = new("FS1003", Warning, "A key is not part of the format and is ignored.");
    public static readonly DiagnosticCode MissingRequired = new("FS1004", Error, "A required key is missing or empty.");
    public static readonly DiagnosticCode InvalidName = new("FS1005", Error, "A name does not match ^[a-z][a-z0-9_]{0,62}$.");
    public static readonly DiagnosticCode DuplicateName = new("FS1006", Error, "A name is used twice where it must be unique.");
    public static readonly DiagnosticCode FileTooLarge = new("FS1007", Error, "A file is larger than 5 MB.");
    public static readonly DiagnosticCode NestingTooDeep = new("FS1008", Error, "JSON nesting is deeper than 64 levels.");
    public static readonly DiagnosticCode InvalidValue = new("FS1009", Error, "A value is not one of the allowed values or is out of range.");
    public static readonly DiagnosticCode UnreadableFile = new("FS1010", Error, "A file could not be read.");

    // Meaning
    public static readonly DiagnosticCode UnknownLookupTarget = new("FS1101", Error, "A lookup field targets an object the package does not define.");
    public static readonly DiagnosticCode UnknownFieldInExpression = new("FS1102", Error, "A rule or formula names a field the object does not have.");
    public static readonly DiagnosticCode UnknownPicklistOption = new("FS1103", Error, "A rule compares a picklist with an option it does not have.");
    public static readonly DiagnosticCode ExpressionDoesNotCompile = new("FS1104", Error, "An expression does not compile.");
    public static readonly DiagnosticCode ExpressionWrongType = new("FS1105", Error, "An expression has the wrong result type (rules must be boolean; formulas must match returns).");
    public static readonly DiagnosticCode FormulaCycle = new("FS1106", Error, "Formulas depend on each other in a cycle.");
    public static readonly DiagnosticCode NoWonStage = new("FS1107", Error, "A pipeline has no stage marked terminal: won.");
    public static readonly DiagnosticCode UnknownFieldReference = new("FS1108", Error, "A required field, layout, title, owner, amount or permission names a field that does not exist.");
    public static readonly DiagnosticCode UnsafeExpression = new("FS1109", Error, "An expression uses reflection, object creation, unbounded generators or a method that is not allowed.");
    public static readonly DiagnosticCode ExpressionTooLong = new("FS1110", Error, "An expression is longer than 2,000 characters.");
    public static readonly DiagnosticCode UnknownRole = new("FS1111", Error, "A role is named that package.json does not define.");
    public static readonly DiagnosticCode NoOpenStage = new("FS1112", Error, "A pipeline has no open (non-terminal) stage.");
    public static readonly DiagnosticCode InvalidDefault = new("FS1113", Error, "A field's default does not fit its type.");
    public static readonly DiagnosticCode UnknownStage = new("FS1114", Error, "A stage is named that the pipeline does not have.");
    public static readonly DiagnosticCode NoObjects = new("FS1115", Warning, "The package defines no objects.");
    public static readonly DiagnosticCode UnknownPermissionObject = new("FS1116", Error, "A role's permissions name an object the package does not define.");
    public static readonly DiagnosticCode ScopeWithoutOwner = new("FS1117", Error, "A role gives own or team access to an object that declares no ownerField.");
    public static readonly DiagnosticCode WrongFieldRole = new("FS1118", Error, "An ownerField that is not a user field, or an amountField that is not a currency or number field.");
    public static readonly DiagnosticCode NoAdminRole = new("FS1119", Warning, "No role is an admin role: nobody could manage users or reach the admin pages.");
    public static readonly DiagnosticCode UniqueNotSupported = new("FS1120", Error, "A field is marked unique whose type cannot be unique (longtext, boolean, multipicklist, formula).");
    public static readonly DiagnosticCode FormulaRevealsHiddenField = new("FS1121", Error, "A formula a role may see reads a field hidden from that role (hide the formula too).");
    public static readonly DiagnosticCode InvalidRename = new("FS1122", Error, "A field\'s renamedFrom names a field the object still has, or is not a valid field name.");

    // Package tests
    public static readonly DiagnosticCode TestUnknownObject = new("FS1201", Error, "A package test names an object the package does not define.");
    public static readonly DiagnosticCode TestUnknownField = new("FS1202", Error, "A package test sets a field the object does not have, or a value of the wrong type.");

    // Publishing against the stored data
    public static readonly DiagnosticCode UniqueValuesDuplicated = new("FS1301", Error, "A field is to be unique, but live records already hold the same value more than once.");

    // Scripts and plugins
    public static readonly DiagnosticCode ScriptSyntaxError = new("FS1501", Error, "A script is not a valid JavaScript module (its file, line and column are given).");
    public static readonly DiagnosticCode UnknownScript = new("FS1502", Error, "A hook or action names a script the package (or its plugin) does not have.");
    public static readonly DiagnosticCode UnknownScriptFunction = new("FS1503", Error, "A hook or action names a function its module does not export.");
    public static readonly DiagnosticCode UnknownHookEvent = new("FS1504", Error, "A hook names an event other than beforeSave, afterSave, onStageChange or onApproval.");
    public static readonly DiagnosticCode UnknownScriptObject = new("FS1505", Error, "A hook or action names an object the package does not define.");
    public static readonly DiagnosticCode PluginNotFound = new("FS1506", Error, "The package enables a plugin that has no plugins/<id>/plugin.json.");
    public static readonly DiagnosticCode InvalidPluginSettings = new("FS1507", Error, "A plugin's settings do not match the JSON Schema in its plugin.json.");
    public static readonly DiagnosticCode InvalidPluginManifest = new("FS1508", Error, "A plugin.json is malformed: its id differs from its folder, a version is not semantic, or its settings schema is not a JSON Schema.");
    public static readonly DiagnosticCode ScriptImportNotAllowed = new("FS1509", Error, "A script imports another module; scripts are self-contained (they get everything through ctx).");
    public static readonly DiagnosticCode InvalidPluginId = new("FS1510", Error, "A plugin id is not lower-case words joined by hyphens (lead-scoring).");
    public static readonly DiagnosticCode PluginObjectsMissing = new("FS1511", Error, "A plugin has hooks or actions but the package's plugin entry lists no \"objects\" for them to apply to.");

    // Templates and documents
    public static readonly DiagnosticCode TemplateSyntaxError = new("FS1601", Error, "A template is not valid Scriban, or is nested too deeply (its file, line and column are given).");
    public static readonly DiagnosticCode TemplateStatementNotAllowed = new("FS1602", Error, "A template uses include or include_join; templates cannot read other files.");
    public static readonly DiagnosticCode DocumentUnknownObject = new("FS1603", Error, "A document names an object the package does not define.");
    public static readonly DiagnosticCode TemplateActiveMarkup = new("FS1605", Error, "A template's markup contains script, an event-handler attribute, an embedded frame or object, or a javascript: URL (its output is shown as HTML).");
    public static readonly DiagnosticCode DocumentUnknownTemplate = new("FS1604", Error, "A document names a template that templates/ does not have.");
    // Notification rules (package.json "notifications")
    public static readonly DiagnosticCode NotificationUnknownObject = new("FS1701", Error, "A notification rule names an object the package does not define.");
    public static readonly DiagnosticCode NotificationUnknownStage = new("FS1702", Error, "A notification rule names a stage its object's pipeline does not have, or a stage for an object without a pipeline or for an event other than stageChanged.");
    public static readonly DiagnosticCode NotificationUnknownTemplate = new("FS1703", Error, "A notification rule names a template the package has no templates/<name>.sbn for.");
    public static readonly DiagnosticCode NotificationUnknownRole = new("FS1704", Error, "A notification rule sends to a role package.json does not define.");
    public static readonly DiagnosticCode NotificationBadField = new("FS1705", Error, "A notification rule sends to a field its object does not have, or one that is not a user field.");
    public static readonly DiagnosticCode NotificationBadEvent = new("FS1706", Error, "A notification rule's event is not stageChanged or created.");
    public static readonly DiagnosticCode NotificationBadParty = new("FS1707", Error, "A notification rule's recipient is not exactly one of role, user, field or ownerManager: true.");
    public static readonly DiagnosticCode NotificationBadWebhook = new("FS1708", Error, "A notification rule's webhook has no absolute http(s) URL, or a format other than generic, dingtalk, feishu or wecom.");
    public static readonly DiagnosticCode NotificationOwnerManagerWithoutOwner = new("FS1709", Error, "A notification rule sends to ownerManager for an object that declares no ownerField.");

    // Package archives (zip): refused before any file reaches the loader
    // Approval flows (approvals/*.json)
    public static readonly DiagnosticCode InvalidApprovalFlow = new("FS1801", Error, "An approval flow does not match approval.schema.json (the path and the reason are given).");
    public static readonly DiagnosticCode ApprovalFlowName = new("FS1802", Error, "An approval flow's name differs from its file name, or two flows have the same name.");
    public static readonly DiagnosticCode ApprovalUnknownObject = new("FS1803", Error, "An approval flow names an object the package does not define.");
    public static readonly DiagnosticCode ApprovalUnknownParty = new("FS1804", Error, "Approvers or recipients name a role the package does not define, a field that is not a user field of the object, or ownerManager on an object without an ownerField.");
    public static readonly DiagnosticCode ApproverCannotRead = new("FS1805", Error, "Approvers by role name a role that cannot read the flow's object (an approver must be able to read the record).");
    public static readonly DiagnosticCode ApprovalUnknownTarget = new("FS1806", Error, "An action of a flow sets a field the object does not have, moves to a stage it does not have, or notifies with a template the package does not have.");
    public static readonly DiagnosticCode UnknownApprovalFlow = new("FS1807", Error, "Fn.Approved names a flow the package does not define for this object.");
    public static readonly DiagnosticCode DuplicateStepName = new("FS1808", Error, "Two steps of one approval flow have the same name.");

    // FS19xx: dashboards/*.json (reports and their layout).
    public static readonly DiagnosticCode DashboardShape = new("FS1901", Error, "A dashboard file is not valid JSON of the dashboard shape (an unknown or mistyped property, or no name or reports).");
    public static readonly DiagnosticCode DashboardName = new("FS1902", Error, "A dashboard's name differs from its file's name.");
    public static readonly DiagnosticCode DashboardDuplicateReport = new("FS1903", Error, "Two reports of one dashboard have the same name.");
    public static readonly DiagnosticCode DashboardUnknownObject = new("FS1904", Error, "A report names an object the package does not define.");
    public static readonly DiagnosticCode DashboardUnknownField = new("FS1905", Error, "A report names a field its object does not have.");
    public static readonly DiagnosticCode DashboardMeasure = new("FS1906", Error, "A report's measure is not count, or sums/averages a field that is not a number, currency or percent.");
    public static readonly DiagnosticCode DashboardTooManyGroups = new("FS1907", Error, "A report groups by more than two keys.");
    public static readonly DiagnosticCode DashboardReportInvalid = new("FS1908", Error, "A report is invalid otherwise: its name, an operator or value of a filter, a grouping's bucket, its display or match.");
    public static readonly DiagnosticCode DashboardLayout = new("FS1909", Error, "A dashboard's layout names a report it does not define, or a width other than 1 to 3.");

    public static readonly DiagnosticCode ZipUnreadable = new("FS1401", Error, "The archive is not a readable zip file, or an entry of it is corrupt.");
    public static readonly DiagnosticCode ZipUnsafePath = new("FS1402", Error, "An entry's path is absolute, climbs out with '..', uses backslashes or a drive letter, or is empty.");
    public static readonly DiagnosticCode ZipSymlink = new("FS1403", Error, "An entry is a symbolic link.");
    public static readonly DiagnosticCode ZipTooManyEntries = new("FS1404", Error, "The archive has more entries than allowed (2,000).");
    public static readonly DiagnosticCode ZipTooLarge = new("FS1405", Error, "The archive, or its files together, are larger than allowed (20 MB uncompressed).");
    public static readonly DiagnosticCode ZipEntryTooLarge = new("FS1406", Error, "An entry is larger than a package file may be (5 MB), by its header or when read.");
    public static readonly DiagnosticCode ZipCompressionRatio = new("FS1407", Error, "A large entry is compressed more than 100:1 (a zip bomb).");
    public static readonly DiagnosticCode ZipNotUtf8 = new("FS1408", Error, "A package file in the archive is not UTF-8 text.");
    public static readonly DiagnosticCode ZipIgnoredEntry = new("FS1409", Warning, "An entry is not a package file (package.json or a file of a package folder) and is ignored.");
    public static readonly DiagnosticCode ZipDuplicateEntry = new("FS1410", Error, "Two entries of the archive have the same path.");

    /// <summary>Every code, in order, for documentation and the CLI.</summary>
    public static IReadOnlyList<DiagnosticCode> All { get; } =
        typeof(DiagnosticCodes).GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticCode))
            .Select(f => (DiagnosticCode)f.GetValue(null)!)
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .ToArray();
}
