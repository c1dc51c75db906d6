using System.Text.Json;
using FunnelStudio.Cli.Commands;
using FunnelStudio.Versions;
using Spectre.Console;

namespace FunnelStudio.Cli.Publishing;

/// <summary>
/// Prints what the portal answered to <c>publish</c> as text: the diagnostics of a package that does
/// not load, the plan (tests, diff, impact, schema steps, blockers) and the outcome. Reads the API's
/// JSON (camelCase, see the API README) — the CLI has no reference to the portal.
/// </summary>
internal static class PublishPrinter
{
    /// <summary><c>package/file:line:column:path: CODE message</c>, as <c>validate</c> prints them.</summary>
    public static void Diagnostics(CliOutput output, string package, JsonElement diagnostics)
    {
        foreach (var d in diagnostics.EnumerateArray())
        {
            var file = Str(d, "file");
            var where = string.IsNullOrEmpty(file) ? package : $"{package.TrimEnd('/', '\\')}/{file}";
            if (Num(d, "line") is { } line) where += $":{line}:{Num(d, "column") ?? 0}";
            var colour = Str(d, "severity") == "warning" ? "yellow" : "red";
            output.Console.MarkupLine($"{Markup.Escape($"{where}:{Str(d, "path")}")}: [{colour}]{Markup.Escape(Str(d, "code") ?? "")}[/] {Markup.Escape(Str(d, "message") ?? "")}");
        }
    }

    public static void Plan(CliOutput output, JsonElement draft, JsonElement plan)
    {
        var console = output.Console;
        var version = draft.GetProperty("version");
        var active = Num(plan, "active");
        console.MarkupLine($"Draft version {Num(version, "id")} ({Markup.Escape($"{Str(version, "package")} {Str(version, "packageVersion")}")}) uploaded; " +
                           (active is { } a ? $"compared with the active version {a}." : "no version is active yet."));
        Tests(console, plan.GetProperty("tests"));
        console.MarkupLine("Changes:");
        DiffPrinter.WriteText(output, plan.GetProperty("changes").EnumerateArray().Select(Change).ToList());
        Impact(console, plan.GetProperty("impact"));
        Schema(console, plan.GetProperty("schema"));
        var blockers = plan.GetProperty("blockers").EnumerateArray().ToList();
        if (blockers.Count == 0)
        {
            console.MarkupLine("[green]✓[/] It can be published.");
            return;
        }
        console.MarkupLine("Blockers:");
        foreach (var b in blockers) console.MarkupLine($"  [red]{Markup.Escape(Str(b, "code") ?? "")}[/] {Markup.Escape(Str(b, "message") ?? "")}");
        console.MarkupLine($"[red]✗[/] It cannot be published ({Markup.Escape(Str(blockers[0], "code") ?? "")}).");
    }

    public static void Published(CliOutput output, JsonElement answer)
    {
        var version = answer.GetProperty("version");
        var summary = version.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.Object ? s : (JsonElement?)null;
        var replaced = summary is { } sum && Num(sum, "against") is { } against ? $", replacing version {against}" : "";
        output.Console.MarkupLine($"[green]✓[/] Published version {Num(version, "id")} ({Markup.Escape($"{Str(version, "package")} {Str(version, "packageVersion")}")}){replaced}.");
        var moved = answer.GetProperty("plan").GetProperty("schema").GetProperty("steps").EnumerateArray().ToList();
        foreach (var step in moved) output.Console.MarkupLine($"  {Step(step)}");
    }

    /// <summary>A refused publish: its code, what the server said and the blockers.</summary>
    public static void Refused(CliOutput output, ApiAnswer answer)
    {
        output.Console.MarkupLine($"[red]✗[/] Not published: [red]{Markup.Escape(answer.Code ?? answer.Status.ToString())}[/] {Markup.Escape(answer.Detail ?? "")}");
        if (answer.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("blockers", out var blockers))
            foreach (var b in blockers.EnumerateArray())
                output.Console.MarkupLine($"  [red]{Markup.Escape(Str(b, "code") ?? "")}[/] {Markup.Escape(Str(b, "message") ?? "")}");
    }

    private static void Tests(IAnsiConsole console, JsonElement tests)
    {
        var all = tests.EnumerateArray().ToList();
        var failed = all.Where(t => !t.GetProperty("passed").GetBoolean()).ToList();
        console.MarkupLine($"Tests: {all.Count - failed.Count} passed, {(failed.Count > 0 ? $"[red]{failed.Count} failed[/]" : "0 failed")}");
        foreach (var t in failed)
            console.MarkupLine($"  [red]✗[/] {Markup.Escape($"{Str(t, "file")} {Str(t, "name")}: " + string.Join("; ", t.GetProperty("failures").EnumerateArray().Select(f => f.GetString())))}");
    }

    private static void Impact(IAnsiConsole console, JsonElement impact)
    {
        var lines = new List<string>();
        foreach (var r in impact.GetProperty("rules").EnumerateArray())
            lines.Add($"{Num(r, "records")} {Str(r, "object")} records fail rule {Str(r, "rule")}{Examples(r)}");
        foreach (var s in impact.GetProperty("stages").EnumerateArray())
            lines.Add($"{Num(s, "records")} {Str(s, "object")} records are in {Str(s, "stage")} but could no longer get there (" +
                      string.Join(", ", s.GetProperty("blockingRules").EnumerateArray().Select(x => x.GetString())) + $"){Examples(s)}");
        foreach (var d in impact.GetProperty("removedData").EnumerateArray())
            lines.Add(Str(d, "field") is { } field
                ? $"{Num(d, "records")} {Str(d, "object")} records hold data in the removed field {field}"
                : $"{Num(d, "records")} records of the removed object {Str(d, "object")}");
        foreach (var d in impact.GetProperty("duplicates").EnumerateArray())
            lines.Add($"{Str(d, "code")} {Str(d, "message")}");
        foreach (var r in impact.GetProperty("roles").EnumerateArray())
            lines.Add($"{Num(r, "users")} active users hold the removed role {Str(r, "role")}" +
                      $" ({string.Join(", ", r.GetProperty("examples").EnumerateArray().Select(x => x.GetString()))})");
        console.MarkupLine("Impact on the stored data:" + (lines.Count == 0 ? " none" : ""));
        foreach (var line in lines) console.MarkupLine($"  {Markup.Escape(line)}");
    }

    private static void Schema(IAnsiConsole console, JsonElement schema)
    {
        var steps = schema.GetProperty("steps").EnumerateArray().ToList();
        var problems = schema.GetProperty("problems").EnumerateArray().ToList();
        if (steps.Count + problems.Count == 0) return;
        console.MarkupLine("Schema changes:");
        foreach (var step in steps) console.MarkupLine($"  {Step(step)}");
        foreach (var p in problems)
            console.MarkupLine($"  [red]{Markup.Escape(Str(p, "code") ?? "")}[/] {Markup.Escape(Str(p, "message") ?? "")}");
    }

    private static string Step(JsonElement step)
    {
        var what = string.Join(".", new[] { Str(step, "object"), Str(step, "field") }.Where(x => x is not null));
        var fromTo = Str(step, "from") is null && Str(step, "to") is null ? "" : $" {Str(step, "from") ?? "-"} → {Str(step, "to") ?? "-"}";
        return Markup.Escape($"{Str(step, "kind")} {what}{fromTo}: {Num(step, "records")} records");
    }

    private static string Examples(JsonElement impact)
    {
        var examples = impact.GetProperty("examples").EnumerateArray()
            .Select(e => Str(e, "title") is { Length: > 0 } title ? $"{title} {Str(e, "id")}" : Str(e, "id")).ToList();
        return examples.Count == 0 ? "" : $" — e.g. {string.Join(", ", examples)}";
    }

    private static ConfigChange Change(JsonElement c) => new(
        Enum.Parse<ChangeKind>(Str(c, "kind") ?? "changed", ignoreCase: true), Str(c, "area") ?? "", Str(c, "path") ?? "", Str(c, "before"), Str(c, "after"));

    internal static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.GetRawText(),
        } : null;

    internal static long? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
}
