using FunnelStudio.Records;
using FunnelStudio.Rules;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// The state one save carries through its steps. Steps add violations or refuse; a refused
/// context stops the pipeline before anything is written.
/// </summary>
public sealed class SaveContext(SaveCommand command, CompiledObject obj, DateTime now)
{
    public SaveCommand Command { get; } = command;
    public CompiledObject Object { get; } = obj;
    public ActingUser User => Command.User;
    /// <summary>When the save happens (the command's EffectiveAt for seed/import, else the clock).</summary>
    public DateTime Now { get; } = now;

    /// <summary>The stored record before the save (null on create).</summary>
    public StoredRecord? Existing { get; set; }

    /// <summary>The record's values after the change (existing values merged with the bound input).</summary>
    public RecordValues Values { get; set; } = RecordValues.Empty;

    /// <summary>The stage the record should end in, when the save changes it.</summary>
    public string? TargetStage { get; set; }

    public List<Violation> Violations { get; } = [];

    /// <summary>Set when a step refuses the save.</summary>
    public SaveStatus? Refusal { get; private set; }

    /// <summary>Set by the persist step.</summary>
    public StoredRecord? Saved { get; set; }

    public bool IsRefused => Refusal is not null;

    public string? CurrentStage => Existing?.Stage;

    public void Refuse(SaveStatus status, Violation? violation = null)
    {
        if (violation is not null) Violations.Add(violation);
        // A blocked stage move outranks plain validation: the board's dialog shows everything.
        if (Refusal is null || status == SaveStatus.StageBlocked) Refusal = status;
    }

    public SaveResult ToResult() => IsRefused
        ? SaveResult.Refused(Refusal!.Value, Violations)
        : SaveResult.Saved(Saved ?? throw new InvalidOperationException("The pipeline ended without persisting."));
}
