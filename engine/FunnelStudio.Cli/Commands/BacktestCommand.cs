using System.ComponentModel;
using System.Data.Common;
using System.Globalization;
using FunnelStudio.Cli.Users;
using FunnelStudio.Loading;
using FunnelStudio.Saving;
using FunnelStudio.Versions.Backtest;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FunnelStudio.Cli.Commands;

/// <summary>
/// <c>funnelstudio backtest</c>: the package given is the draft; the database's published version is
/// the active one. Replays every stored stage move of the live records through both gates and prints
/// what the draft would have blocked (by rule, with examples) and conversion and median time in
/// stage as it happened and under the draft. Reads only: the database is neither migrated nor written.
/// Exit 0 done, 1 invalid package, 2 usage, 4 database unavailable or nothing published.
/// </summary>
public sealed class BacktestCommand : AsyncCommand<BacktestCommand.Settings>
{
    public sealed class Settings : DatabaseSettings
    {
        [CommandArgument(0, "<package-dir>")]
        [Description("The draft package folder (the one holding package.json).")]
        public string Package { get; init; } = "";

        [CommandOption("--format <FORMAT>")]
        [Description("text (default) or json.")]
        [DefaultValue("text")]
        public string Format { get; init; } = "text";

        [CommandOption("--locale <LOCALE>")]
        [Description("Language of rule messages: en or zh-CN (default: the draft's default locale).")]
        public string? Locale { get; init; }

        public override ValidationResult Validate() =>
            Format is "text" or "json" ? base.Validate() : ValidationResult.Error("--format must be text or json.");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var output = CliApp.Output;
        var load = PackageLoader.Load(settings.Package);
        if (load.Package is null)
        {
            DiagnosticPrinter.PrintHuman(output, settings.Package, load.Errors);
            return CliApp.Invalid;
        }
        try
        {
            await using var services = DatabaseServices.Build(settings);
            var runtime = services.GetRequiredService<IPackageRuntime>();
            if (!await runtime.LoadPublishedAsync(cancellationToken))
            {
                output.Error.WriteLine("funnelstudio: no config package is published in this database, so there is no active version to compare with.");
                return CliApp.Unavailable;
            }
            var report = await services.GetRequiredService<IBacktestService>().RunAsync(runtime.Current, load.Package, null, cancellationToken);
            var locale = settings.Locale ?? load.Package.Definition.DefaultLocale;
            if (settings.Format == "json") BacktestOutput.WriteJson(output, report, runtime.VersionId, locale);
            else BacktestOutput.WriteText(output, report, runtime.VersionId, locale);
            return CliApp.Ok;
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or ArgumentException or StoreUnavailableException)
        {
            output.Error.WriteLine($"funnelstudio: cannot use the database: {e.GetBaseException().Message}");
            return CliApp.Unavailable;
        }
    }
}

/// <summary>How <c>backtest</c> prints its report.</summary>
internal static class BacktestOutput
{
    public static void WriteText(CliOutput output, BacktestReport report, long activeVersion, string locale)
    {
        var console = output.Console;
        console.MarkupLine($"Replayed {report.Moves:N0} stage moves of {report.Records:N0} records in {report.Elapsed.TotalSeconds:0.0} s " +
                           $"({report.MovesPerSecond:N0} moves/s); active = published version {activeVersion}.");
        Verdict(console, "draft", report.Draft);
        Verdict(console, "active", report.Active);
        console.MarkupLine("Blocked by the draft, by rule:");
        if (report.Draft.Rules.Count == 0) console.MarkupLine("  [green]none[/]");
        foreach (var rule in report.Draft.Rules)
        {
            console.MarkupLine($"  [red]{rule.Count:N0}[/] {Markup.Escape($"{rule.Object}.{rule.Stage ?? "-"}.{rule.Rule}")} " +
                               $"[grey]({rule.Kind})[/] {Markup.Escape(rule.Message.Get(locale))}");
            foreach (var e in rule.Examples)
                console.MarkupLine($"      {Markup.Escape(e.Title ?? "")} {e.RecordId} {Markup.Escape(e.From ?? "-")} → {Markup.Escape(e.To)} " +
                                   $"at {e.At.ToString("u", CultureInfo.InvariantCulture)}{(e.By is null ? "" : " by " + Markup.Escape(e.By))}");
        }
        console.MarkupLine("Stages: entered / conversion / median time in stage — as it happened → with the draft:");
        foreach (var stage in report.Stages)
            console.MarkupLine($"  {Markup.Escape($"{stage.Object}.{stage.Stage}")}: {stage.Happened.Entered:N0} → {stage.Draft.Entered:N0} / " +
                               $"{Percent(stage.Happened.Conversion)} → {Percent(stage.Draft.Conversion)} / " +
                               $"{Days(stage.Happened.MedianTimeInStage)} → {Days(stage.Draft.MedianTimeInStage)}");
    }

    /// <summary>The same shape as the API's <c>GET …/versions/{id}/backtest</c> (<see cref="BacktestReportJson"/>).</summary>
    public static void WriteJson(CliOutput output, BacktestReport report, long activeVersion, string locale) =>
        DiagnosticPrinter.WriteJson(output, BacktestReportJson.From(report, activeVersion, locale));

    private static void Verdict(IAnsiConsole console, string name, VersionOutcome outcome) =>
        console.MarkupLine($"The {name} version blocks {outcome.Blocked:N0} of {outcome.Replayed:N0} moves it judged" +
                           (outcome.Skipped > 0 ? $" ({outcome.Skipped:N0} it cannot judge: object or stage not in it)." : "."));

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "-";

    private static string Days(TimeSpan? value) => value is { } v ? v.TotalDays.ToString("0.0", CultureInfo.InvariantCulture) + " d" : "-";
}
