using System.Globalization;
using FunnelStudio.Tracing;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Tracing;

/// <summary>
/// A save trace's words in the reader's language: kinds, decisions, operations and outcomes have
/// resx keys (<c>Trace.Kind.*</c>, <c>Trace.Decision.*</c>, <c>Trace.Operation.*</c>, <c>Trace.Outcome.*</c>);
/// a value without one (a kind added later) shows as itself. Rule names, script names and details are
/// the package's and the engine's, shown as they are.
/// </summary>
public static class TraceText
{
    public static string Kind(IStringLocalizer text, string kind) => Word(text, "Trace.Kind." + kind, kind);

    public static string Decision(IStringLocalizer text, string decision) => Word(text, "Trace.Decision." + decision, decision);

    public static string Operation(IStringLocalizer text, string operation) => Word(text, "Trace.Operation." + operation, operation);

    /// <summary><c>saved</c> → "Saved"; <c>refused:validationFailed</c> → "Refused (validation failed)".</summary>
    public static string Outcome(IStringLocalizer text, string outcome)
    {
        if (!outcome.StartsWith("refused:", StringComparison.Ordinal)) return Word(text, "Trace.Outcome." + outcome, outcome);
        var status = outcome["refused:".Length..];
        return text["Trace.Outcome.refused", Word(text, "Trace.Status." + status, status)].Value;
    }

    /// <summary>A duration in milliseconds, to two decimals at most.</summary>
    public static string Milliseconds(double ms) => ms.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The Bootstrap badge class of a decision or outcome: green passed/saved, red failed, amber refused.</summary>
    public static string Badge(string decision) => decision switch
    {
        TraceDecisions.Passed or SaveTraceBuilder.Saved => "text-bg-success",
        TraceDecisions.Failed => "text-bg-danger",
        TraceDecisions.Refused => "text-bg-warning",
        _ when decision.StartsWith("refused:", StringComparison.Ordinal) => "text-bg-warning",
        _ => "text-bg-secondary",
    };

    private static string Word(IStringLocalizer text, string key, string fallback) =>
        text[key] is { ResourceNotFound: false } word ? word.Value : fallback;
}
