using System.ComponentModel;
using System.Text.Json;
using FunnelStudio.Cli.Commands;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Scripting;
using FunnelStudio.Scripting.Offline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Scripts;

/// <summary>
/// <c>funnelstudio script run</c>: runs the package's and its plugins' hooks of one event on a record
/// file, offline, as a user with a role, and prints what they changed, refused and logged. There is
/// no database: <c>ctx.query</c> answers <c>[]</c> and webhooks are listed, not sent. Exit 0 ok,
/// 1 a script refused the save (or the package is invalid), 4 a script failed (exception or limit).
/// </summary>
public sealed class ScriptRunCommand : Command<ScriptRunCommand.Settings>
{
    public sealed class Settings : PackageSettings
    {
        [CommandOption("--hook <EVENT>")]
        [Description("The event whose hooks run: beforeSave, afterSave, onStageChange or onApproval.")]
        public string? Hook { get; init; }

        [CommandOption("--object <OBJECT>")]
        [Description("The object, e.g. deal.")]
        public string? Object { get; init; }

        [CommandOption("--record <FILE>")]
        [Description("JSON file with the record as it would be saved (ctx.record).")]
        public string? Record { get; init; }

        [CommandOption("--old <FILE>")]
        [Description("JSON file with the record before the change (ctx.old); omit for a new record.")]
        public string? Old { get; init; }

        [CommandOption("--role <ROLE>")]
        [Description("The acting user's role; repeat for several (default: the package's first admin role).")]
        public string[] Roles { get; init; } = [];

        public override ValidationResult Validate()
        {
            if (Hook is null || Object is null || Record is null)
                return ValidationResult.Error("--hook, --object and --record are required.");
            if (!ScriptEvents.All.Contains(Hook))
                return ValidationResult.Error($"--hook must be one of {string.Join(", ", ScriptEvents.All)}.");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var output = CliApp.Output;
        var load = PackageLoader.Load(settings.Package);
        if (load.Package is null)
        {
            DiagnosticPrinter.PrintHuman(output, settings.Package, load.Errors);
            return CliApp.Invalid;
        }
        var package = load.Package;
        var definition = package.Definition;
        if (settings.Roles.FirstOrDefault(r => !definition.Roles.Any(d => d.Name == r)) is { } unknownRole)
        {
            output.Error.WriteLine($"funnelstudio: the package defines no role '{unknownRole}' (roles: {string.Join(", ", definition.Roles.Select(r => r.Name))}).");
            return CliApp.Usage;
        }
        if (package.Object(settings.Object!) is not { } obj)
        {
            output.Error.WriteLine($"funnelstudio: the package defines no object '{settings.Object}'.");
            return CliApp.Usage;
        }
        if (ReadValues(output, obj, settings.Record!) is not { } record) return CliApp.Usage;
        RecordValues? old = null;
        if (settings.Old is not null && (old = ReadValues(output, obj, settings.Old)) is null) return CliApp.Usage;

        var user = settings.Roles.Length > 0 ? new ActingUser("cli", "funnelstudio", settings.Roles) : OfflineHooks.DefaultUser(definition);
        // Scripts see the record as a save would hand it to them: with its formulas computed.
        var values = obj.Evaluate(record, old, user.ToRuleUser(), DateTime.UtcNow).Values;
        var result = OfflineHooks.Run(new ScriptRunner(new ScriptingOptions { CountStatements = true }), package, obj, settings.Hook!, values, old, user);

        if (settings.IsJson) WriteJson(output, result);
        else WriteHuman(output, settings, result, user);
        return result.Failed ? CliApp.ScriptFailed : result.Refused ? CliApp.Invalid : CliApp.Ok;
    }

    private static RecordValues? ReadValues(CliOutput output, CompiledObject obj, string file)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var (values, errors) = ValueBinder.BindJson(obj.Definition, doc.RootElement, allowComputed: true);
            foreach (var error in errors) output.Error.WriteLine($"{file}: {error.Field}: {error.Message.Get("en")}");
            return errors.Count == 0 ? values : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            output.Error.WriteLine($"funnelstudio: cannot read '{file}': {e.Message}");
            return null;
        }
    }

    private static void WriteHuman(CliOutput output, Settings settings, OfflineHookResult result, ActingUser user)
    {
        var console = output.Console;
        console.WriteLine($"{settings.Object} {settings.Hook} as {string.Join(", ", user.Roles)}: {result.Hooks.Count} hook(s) (offline: ctx.query answers [])");
        if (result.Hooks.Count == 0) console.MarkupLine("  [grey]no hooks for this object and event[/]");
        foreach (var change in result.Changes)
            console.MarkupLine($"  [green]set[/] {Markup.Escape(change.Field)} = {Markup.Escape(change.Json)} [grey]({Markup.Escape(change.Hook)})[/]");
        foreach (var error in result.Errors)
            console.MarkupLine($"  [red]refused[/] {Markup.Escape(error.ToString())} [grey]({Markup.Escape(error.Hook)})[/]");
        if (result.Failure is { } failure)
            console.MarkupLine($"  [red]failed[/] {Markup.Escape(failure.Location)}: {Markup.Escape(failure.Message)} [grey]({Markup.Escape(result.FailedHook ?? "")})[/]");
        foreach (var (url, body) in result.Webhooks)
            console.MarkupLine($"  [blue]webhook[/] {Markup.Escape(url)} {Markup.Escape(body)} [grey](not sent)[/]");
        foreach (var log in result.Logs)
            console.MarkupLine($"  [grey]log[/] {Markup.Escape(log)}");
        console.MarkupLine($"  {result.DurationMs:0.###} ms, {result.Statements:N0} statements");
    }

    private static void WriteJson(CliOutput output, OfflineHookResult result)
    {
        var changes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var change in result.Changes)
        {
            using var doc = JsonDocument.Parse(change.Json);
            changes[change.Field] = doc.RootElement.Clone();
        }
        var errors = result.Errors.Select(e => (object)new { kind = "refused", hook = e.Hook, field = e.Field, message = e.Message, location = (string?)null })
            .Concat(result.Failure is { } f
                ? [new { kind = f.Kind.ToString(), hook = result.FailedHook, field = (string?)null, message = f.Message, location = (string?)f.Location }]
                : []);
        DiagnosticPrinter.WriteJson(output, new
        {
            changes,
            errors,
            logs = result.Logs,
            durationMs = Math.Round(result.DurationMs, 3),
            statements = result.Statements,
            webhooks = result.Webhooks.Select(w => new { url = w.Url, body = w.BodyJson }),
        });
    }
}
