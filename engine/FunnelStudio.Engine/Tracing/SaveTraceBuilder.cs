using System.Collections.Frozen;
using System.Diagnostics;
using System.Text.Json;
using FunnelStudio.Saving;
using FunnelStudio.Saving.Pipeline;

namespace FunnelStudio.Tracing;

/// <summary>
/// Turns a finished save into its <see cref="SaveTrace"/>. A save is traced when one of its steps
/// recorded something (<see cref="SaveContext.AddTrace"/>) — every create, update and stage move that
/// reached validation, stored or refused; a save stopped earlier (missing, forbidden, stale) ran no
/// rule and has nothing to show. Demo seeding is not traced: thousands of back-dated saves would only
/// push real traces out. The trace keeps the context's step list as it is (no copy).
/// </summary>
public static class SaveTraceBuilder
{
    public const string Saved = "saved";

    private static readonly FrozenDictionary<SaveOperation, string> Operations =
        Enum.GetValues<SaveOperation>().ToFrozenDictionary(o => o, o => JsonNamingPolicy.CamelCase.ConvertName(o.ToString()));

    private static readonly FrozenDictionary<SaveStatus, string> Refusals =
        Enum.GetValues<SaveStatus>().ToFrozenDictionary(s => s, s => Refused(s));

    /// <param name="context">The save's context after its last step.</param>
    /// <param name="configVersion">The config version the save ran on.</param>
    /// <param name="at">When the save ended (the clock, not a back-dated <see cref="SaveCommand.EffectiveAt"/>).</param>
    /// <param name="startedAt">A <see cref="Stopwatch.GetTimestamp"/> taken when the save began.</param>
    /// <returns>The trace, or null when the save is not traced.</returns>
    public static SaveTrace? Build(SaveContext context, long configVersion, DateTime at, long startedAt)
    {
        if (context.Trace.Count == 0 || context.Command.Source == SaveSource.Seed) return null;
        var command = context.Command;
        return new SaveTrace(command.Object, Operations[command.Operation], command.User.Id, at, Outcome(context), context.Trace)
        {
            RecordId = context.Saved?.Id ?? context.Existing?.Id ?? command.RecordId,
            ConfigVersion = configVersion,
            DurationMs = Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds,
        };
    }

    /// <summary><c>saved</c>, or <c>refused:</c> and the status in camel case (<c>refused:validationFailed</c>).</summary>
    public static string Outcome(SaveContext context) =>
        context.Refusal is { } status ? Refusals.GetValueOrDefault(status) ?? Refused(status) : Saved;

    private static string Refused(SaveStatus status) => "refused:" + JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
