namespace FunnelStudio.Metadata;

/// <summary>
/// An approval flow (<c>approvals/&lt;name&gt;.json</c>): a save of an <see cref="Object"/> record that
/// makes <see cref="Entry"/> true starts a request, which goes through <see cref="Steps"/> in order;
/// <see cref="OnApproved"/> or <see cref="OnRejected"/> run atomically with the final decision.
/// </summary>
public sealed record ApprovalFlowDefinition(string Name, string Object, LocalizedText Label, RuleDefinition Entry)
{
    public IReadOnlyList<ApprovalStepDefinition> Steps { get; init; } = [];
    /// <summary>Whether the record is read-only (admins excepted) while a request is pending.</summary>
    public bool LockRecord { get; init; }
    public IReadOnlyList<ApprovalAction> OnApproved { get; init; } = [];
    public IReadOnlyList<ApprovalAction> OnRejected { get; init; } = [];
    /// <summary>Templates sent when a step asks its approvers, when the request is decided, when a step escalates.</summary>
    public ApprovalFlowNotifications Notifications { get; init; } = ApprovalFlowNotifications.None;
    public string File { get; init; } = "";
}

/// <summary>One step: who approves (<see cref="Approvers"/>), whether one (<c>any</c>) or every approver (<c>all</c>) must.</summary>
public sealed record ApprovalStepDefinition(string Name, LocalizedText Label, Party Approvers, ApprovalMode Mode)
{
    /// <summary>The step runs only when this passes (evaluated on the record as submitted); null: always.</summary>
    public RuleDefinition? When { get; init; }
    public TimeSpan? EscalateAfter { get; init; }
    /// <summary>Who is added to the step once <see cref="EscalateAfter"/> has passed; null: the step is only flagged and announced.</summary>
    public Party? EscalateTo { get; init; }
    public string Path { get; init; } = "";
}

public enum ApprovalMode
{
    Any,
    All,
}

/// <summary>Which kind of <see cref="Party"/>.</summary>
public enum PartyKind
{
    /// <summary>Every active user with the package role <see cref="Party.Value"/>.</summary>
    Role,
    /// <summary>One user, by id.</summary>
    User,
    /// <summary>The user a user field of the record names (e.g. <c>owner</c>).</summary>
    Field,
    /// <summary>The manager of the record's owner.</summary>
    OwnerManager,
}

/// <summary>Who: approvers of a step, recipients of a notification.</summary>
public sealed record Party(PartyKind Kind, string? Value)
{
    public override string ToString() => Kind == PartyKind.OwnerManager ? "ownerManager" : $"{Kind.ToString().ToLowerInvariant()}:{Value}";
}

/// <summary>What a flow does on its final decision: set fields, move the stage, or notify.</summary>
public abstract record ApprovalAction(string Path);

/// <summary>Sets fields (values bound by field type through the save pipeline).</summary>
public sealed record SetFieldsAction(IReadOnlyDictionary<string, System.Text.Json.JsonElement> Values, string Path) : ApprovalAction(Path);

/// <summary>Moves the record to a stage (through the stage gate).</summary>
public sealed record MoveStageAction(string Stage, string Path) : ApprovalAction(Path);

/// <summary>Renders a template for the recipients.</summary>
public sealed record NotifyAction(string Template, IReadOnlyList<Party> To, string Path) : ApprovalAction(Path);

/// <summary>Template names for the events of a flow; null: that event sends nothing.</summary>
public sealed record ApprovalFlowNotifications(string? Requested, string? Decided, string? Escalated)
{
    public static ApprovalFlowNotifications None { get; } = new(null, null, null);
}
