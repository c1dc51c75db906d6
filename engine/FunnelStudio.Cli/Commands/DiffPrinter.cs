using FunnelStudio.Versions;
using Spectre.Console;

namespace FunnelStudio.Cli.Commands;

/// <summary>
/// Prints a package diff: one line a change, grouped by area (the diff's own order) —
/// <c>+ field deal.fields.x (text)</c>, <c>- stage …</c>, <c>~ deal.fields.amount.required: false → true</c> —
/// and the summary; or one JSON document <c>{ summary, changes }</c>.
/// </summary>
internal static class DiffPrinter
{
    public static void WriteText(CliOutput output, IReadOnlyList<ConfigChange> changes)
    {
        string? area = null;
        foreach (var change in changes)
        {
            // A blank line between areas keeps a long diff readable without headings to parse around.
            if (area is not null && change.Area != area) output.Out.WriteLine();
            area = change.Area;
            output.Console.MarkupLine(Line(change));
        }
        if (changes.Count > 0) output.Out.WriteLine();
        output.Out.WriteLine(DiffSummary.Of(changes).Text);
    }

    private static string Line(ConfigChange change) => change.Kind switch
    {
        ChangeKind.Added => $"[green]+ {Markup.Escape(change.Area)} {Markup.Escape(change.Path)}{Detail(change.After)}[/]",
        ChangeKind.Removed => $"[red]- {Markup.Escape(change.Area)} {Markup.Escape(change.Path)}{Detail(change.Before)}[/]",
        _ => $"[yellow]~[/] {Markup.Escape(change.Path)}: {Value(change.Before)} → {Value(change.After)}",
    };

    private static string Detail(string? value) => value is null ? "" : $" ({Markup.Escape(value)})";

    private static string Value(string? value) => value is null ? "(none)" : Markup.Escape(value);

    public static void WriteJson(CliOutput output, IReadOnlyList<ConfigChange> changes)
    {
        var summary = DiffSummary.Of(changes);
        DiagnosticPrinter.WriteJson(output, new
        {
            summary = new { added = summary.Added, removed = summary.Removed, changed = summary.Changed, text = summary.Text },
            changes = changes.Select(c => new
            {
                kind = c.Kind.ToString().ToLowerInvariant(), area = c.Area, path = c.Path, before = c.Before, after = c.After,
            }),
        });
    }
}
