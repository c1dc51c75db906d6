using FunnelStudio.Rules;

namespace FunnelStudio.Tracing;

/// <summary>
/// The short texts a rules or gate step puts in <see cref="TraceStep.Detail"/>. Built only when
/// there is something to say (a refusal, a stage move), so a save that passes pays nothing here.
/// </summary>
public static class TraceDetails
{
    /// <summary>
    /// The rules that refused, in order, each once: <c>rule</c>, <c>rule (stage)</c> for a stage's
    /// criterion or required field, and the evaluation error after a colon when the rule could not be
    /// evaluated (admins read traces; users never see that error). Null when nothing failed.
    /// </summary>
    public static string? Rules(IReadOnlyList<Violation>? failed)
    {
        if (failed is null || failed.Count == 0) return null;
        var names = new List<string>(failed.Count);
        foreach (var violation in failed)
        {
            var name = violation.Stage is null ? violation.Rule : $"{violation.Rule} ({violation.Stage})";
            if (violation.Error is { } error) name += ": " + error;
            if (!names.Contains(name)) names.Add(name);
        }
        return string.Join(", ", names);
    }

    /// <summary>The stages whose exit criteria a move checked (<c>exit: lead, mql</c>); null when none (a move back, a lost stage).</summary>
    public static string? Stages(IReadOnlyList<string> stages) => stages.Count == 0 ? null : "exit: " + string.Join(", ", stages);
}
