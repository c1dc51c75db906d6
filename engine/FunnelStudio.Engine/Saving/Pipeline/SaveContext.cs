using System.Diagnostics;
using FunnelStudio.Access;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Tracing;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// The state one save carries through its steps. Steps add violations or refuse; a refused
/// context stops the pipeline before anything is written. The whole save runs on one compiled
/// package (<see cref="Package"/>), even when another version is published meanwhile.
/// </summary>
public sealed class SaveContext(SaveCommand command, CompiledPackage package, CompiledObject obj, DateTime now)
{
    public SaveCommand Command { get; } = command;
    public CompiledPackage Package { get; } = package;
    public CompiledObject Object { get; } = obj;
    public ActingUser User => Command.User;
    /// <summary>When the save happens (the command's EffectiveAt for seed/import, else the clock).</summary>
    public DateTime Now { get; } = now;

    /// <summary>What the acting user may do with this object's records and fields.</summary>
    public ObjectAccess Access { get; } = package.Access.For(command.User, obj.Definition);

    /// <summary>The stored record before the save (null on create).</summary>
    public StoredRecord? Existing { get; set; }

    /// <summary>The record's values after the change (existing values merged with the bound input).</summary>
    public RecordValues Values { get; set; } = RecordValues.Empty;

    /// <summary>The fields the input named (bound or not): what the user asked to change.</summary>
    public HashSet<string> InputFields { get; } = new(StringComparer.Ordinal);

    /// <summary>The stage the record should end in, when the save changes it.</summary>
    public string? TargetStage { get; set; }

    public List<Violation> Violations { get; } = [];


    /// <summary>Side effects the save's scripts asked for, written to the outbox with the record.</summary>
    public List<Outbox.OutboxMessage> Outbox { get; } = [];

    /// <summary>The record's approval requests, newest first (loaded only for objects with flows).</summary>
    public IReadOnlyList<Approvals.ApprovalRequest> ApprovalRequests { get; set; } = [];

    /// <summary>The flows that count as approved for this save's rules (<c>Fn.Approved</c>).</summary>
    public string[] ApprovedFlows { get; set; } = [];

    /// <summary>Approval requests this save starts, written with the record.</summary>
    public List<Approvals.ApprovalRequest> ApprovalsStarted { get; } = [];

    /// <summary>Set when a step refuses the save.</summary>
    public SaveStatus? Refusal { get; private set; }

    /// <summary>Set by the persist step.</summary>
    public StoredRecord? Saved { get; set; }

    /// <summary>For a delete: what it does to the records pointing to it (set by the delete rules step).</summary>
    public References.DeletePlan? DeletePlan { get; set; }

    /// <summary>
    /// Set when the delete's transaction found the references changed since its plan: nothing was
    /// written, and the save may run once more from the start.
    /// </summary>
    public bool ReferencesChanged { get; set; }

    public bool IsRefused => Refusal is not null;

    /// <summary>
    /// What the rules, gates and scripts ran and decided, in order. A save that adds a step here is
    /// traced (<see cref="SaveTraceBuilder"/>), stored or refused.
    /// </summary>
    public List<TraceStep> Trace { get; } = [];

    /// <summary>Adds a step to <see cref="Trace"/>, timed from <paramref name="startedAt"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void AddTrace(string kind, string name, string decision, long startedAt, string? detail = null) =>
        Trace.Add(new TraceStep(kind, name, decision, Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds) { Detail = detail });

    public string? CurrentStage => Existing?.Stage;

    private readonly Guid _newId = Guid.NewGuid();

    /// <summary>The record's id: the stored one, or on create the id it will be stored with (known before it is, for what the save writes beside it).</summary>
    public Guid RecordId => Existing?.Id ?? _newId;

    /// <summary>
    /// The value a field has unless the input changes it: the stored one, or on create its default
    /// (for the owner field, the creating user).
    /// </summary>
    public object? Before(string field) =>
        Existing is not null ? Existing.Values[field]
        : field == Object.Definition.OwnerField ? User.Id
        : Object.Definition.Field(field)?.Default;

    /// <summary>True when the save changes <paramref name="field"/> (compared as canonical JSON).</summary>
    public bool Changes(string field)
    {
        var definition = Object.Definition.Field(field);
        return RecordJson.ValueText(Values[field], definition) != RecordJson.ValueText(Existing?.Values[field], definition);
    }

    public void Refuse(SaveStatus status, Violation? violation = null)
    {
        if (violation is not null) Violations.Add(violation);
        // A blocked stage move outranks plain validation: the board's dialog shows everything.
        // A locked record outranks that (nothing can change until the approval is decided), and a
        // forbidden change outranks all: nothing else matters until it is taken out.
        if (Refusal is null || Rank(status) > Rank(Refusal.Value)) Refusal = status;
    }

    private static int Rank(SaveStatus status) => status switch
    {
        SaveStatus.Forbidden => 3,
        SaveStatus.Locked => 2,
        SaveStatus.StageBlocked => 1,
        _ => 0,
    };

    public SaveResult ToResult() => IsRefused
        ? SaveResult.Refused(Refusal!.Value, Violations)
        : SaveResult.Saved(Saved ?? throw new InvalidOperationException("The pipeline ended without persisting."));
}
