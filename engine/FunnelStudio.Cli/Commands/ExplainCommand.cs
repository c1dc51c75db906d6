using System.ComponentModel;
using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Loading;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Stages;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Commands;

/// <summary>
/// <c>funnelstudio explain</c>: the stage decision for a record file, with every criterion between
/// its stage and the target — what the portal's checklist shows. With <c>--role</c>, the package's
/// access model applies as in a save (<see cref="MoveAccess"/>): whether those roles may change the
/// record and its stage, and which fields an unmet criterion asks for that they may not write.
/// Exit 0 allowed, 3 blocked, 2 for an unknown role.
/// </summary>
public sealed class ExplainCommand : Command<ExplainCommand.Settings>
{
    public sealed class Settings : PackageSettings
    {
        [CommandOption("--object <OBJECT>")]
        [Description("The object, e.g. deal.")]
        public string? Object { get; init; }

        [CommandOption("--record <FILE>")]
        [Description("JSON file with the record's values after the change; its stage field is the current stage.")]
        public string? Record { get; init; }

        [CommandOption("--old <FILE>")]
        [Description("JSON file with the record before the change (what Fn.Changed and old.* see).")]
        public string? Old { get; init; }

        [CommandOption("--to <STAGE>")]
        [Description("The target stage.")]
        public string? To { get; init; }

        [CommandOption("--locale <LOCALE>")]
        [Description("Language of the messages: en or zh-CN (default: the package's default locale).")]
        public string? Locale { get; init; }

        [CommandOption("--now <DATETIME>")]
        [Description("The clock rules see (ISO 8601, UTC); default: now. Makes date rules reproducible.")]
        public DateTime? Now { get; init; }

        [CommandOption("--role <ROLE>")]
        [Description("A role of the acting user; repeat for several. With roles, the package's access model applies too.")]
        public string[] Roles { get; init; } = [];

        [CommandOption("--user <ID>")]
        [Description("The acting user's id, which own and team scopes compare with the owner (default: the record's owner).")]
        public string? User { get; init; }

        public override ValidationResult Validate()
        {
            if (Object is null || Record is null || To is null)
                return ValidationResult.Error("--object, --record and --to are required.");
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
        var definition = load.Package.Definition;
        if (settings.Roles.FirstOrDefault(r => !definition.Roles.Any(d => d.Name == r)) is { } unknownRole)
        {
            output.Error.WriteLine($"funnelstudio: the package defines no role '{unknownRole}' (roles: {string.Join(", ", definition.Roles.Select(r => r.Name))}).");
            return CliApp.Usage;
        }
        var obj = load.Package.Object(settings.Object!);
        if (obj?.Pipeline is null)
        {
            output.Error.WriteLine($"funnelstudio: '{settings.Object}' is not an object with a pipeline in this package.");
            return CliApp.Usage;
        }
        if (ReadValues(output, obj, settings.Record!) is not { } record) return CliApp.Usage;
        RecordValues? old = null;
        if (settings.Old is not null && (old = ReadValues(output, obj, settings.Old)) is null) return CliApp.Usage;

        var locale = settings.Locale ?? definition.DefaultLocale;
        // The record is the acting user's unless --user says who they are: "may a rep move their own deal?".
        var owner = obj.Definition.OwnerField is { } ownerField
            ? old?.GetString(ownerField) is { Length: > 0 } before ? before : record.GetString(ownerField) is { Length: > 0 } after ? after : null
            : null;
        var acting = new ActingUser(settings.User ?? owner ?? "cli", "funnelstudio", settings.Roles);
        var user = acting.ToRuleUser();
        var now = settings.Now is { } given ? DateTime.SpecifyKind(given.ToUniversalTime(), DateTimeKind.Utc) : DateTime.UtcNow;
        var from = record.GetString(obj.Pipeline.Field) ?? obj.Pipeline.First.Name;
        var decision = StageDecisionService.Decide(obj, old, record, settings.To!, user, now, fromStage: from);
        if (settings.Roles.Length > 0)
            decision = MoveAccess.Apply(decision, load.Package.Access.For(acting, obj.Definition), owner ?? acting.Id);
        var checklist = StageDecisionService.Explain(obj, old, record.With(obj.Pipeline.Field, from), user, now, locale, settings.To);

        if (settings.IsJson) WriteJson(output, decision, checklist, locale);
        else WriteHuman(output, decision, checklist, locale);
        return decision.Allowed ? CliApp.Ok : CliApp.Blocked;
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

    private static void WriteHuman(CliOutput output, StageDecision decision, StageChecklist checklist, string locale)
    {
        var verdict = decision.Allowed ? "[green]allowed[/]" : "[red]blocked[/]";
        output.Console.MarkupLine($"{Markup.Escape(decision.From ?? "-")} → {Markup.Escape(decision.To)}: {verdict}");
        foreach (var item in checklist.Items)
        {
            var mark = item.Passed ? "[green]✓[/]" : "[red]✗[/]";
            output.Console.MarkupLine($"  {mark} [grey]{Markup.Escape(item.Stage)}[/] {Markup.Escape(item.Name)}: {Markup.Escape(item.Message)}");
        }
        // What the checklist has no line for: the move itself (closed record, reopen role), formulas and access.
        foreach (var violation in decision.Blocking.Where(v => v.Kind is ViolationKind.Transition or ViolationKind.Formula || v.Code is not null))
            output.Console.MarkupLine($"  [red]✗[/] {Markup.Escape(MoveAccess.BlockingName(violation))}: {Markup.Escape(violation.MessageIn(locale))}");
    }

    private static void WriteJson(CliOutput output, StageDecision decision, StageChecklist checklist, string locale) =>
        DiagnosticPrinter.WriteJson(output, new
        {
            from = decision.From,
            to = decision.To,
            allowed = decision.Allowed,
            blocking = decision.Blocking.Select(v => new
            {
                name = MoveAccess.BlockingName(v), rule = v.Rule, code = v.Code, field = v.Field, stage = v.Stage, kind = v.Kind.ToString(),
                message = v.MessageIn(locale),
                error = v.Error, failedRules = v.FailedRules,
            }),
            checklist = checklist.Items.Select(i => new
            {
                stage = i.Stage, kind = i.Kind.ToString(), name = i.Name, field = i.Field, message = i.Message, passed = i.Passed,
            }),
        });
}
