using System.Text.Json;
using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>
/// What the package keeps as source text — approval flows, templates, scripts, demo data — compared
/// file by file on content, and package tests compared case by case on what they set and expect.
/// </summary>
internal static class FileDiff
{
    public static void Compare(ChangeList changes, PackageDefinition before, PackageDefinition after)
    {
        CompareSources(changes, ChangeAreas.Flow, "approvals", before.Approvals, after.Approvals);
        CompareSources(changes, ChangeAreas.Template, "templates", before.Templates, after.Templates);
        // Scripts are keyed by their path (scripts/guard.js, plugins/lead-scoring/index.js): scripts.guard, plugins.lead-scoring.index.
        foreach (var folder in new[] { "scripts", "plugins" })
            CompareSources(changes, ChangeAreas.Script, folder, ScriptsIn(before, folder), ScriptsIn(after, folder));
        CompareSources(changes, ChangeAreas.Demo, "demo", before.Demo, after.Demo);
        ChangeList.Match(before.Tests, after.Tests, TestPath,
            added: t => changes.Added(ChangeAreas.Test, TestPath(t), t.Object),
            removed: t => changes.Removed(ChangeAreas.Test, TestPath(t), t.Object),
            both: (a, b) => changes.Compare(ChangeAreas.Test, TestPath(a), TestContent(a), TestContent(b)));
    }

    private static void CompareSources(ChangeList changes, string area, string folder,
        IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        ChangeList.Match(before, after, p => p.Key,
            added: p => changes.Added(area, $"{folder}.{p.Key}", DiffText.Content(p.Value)),
            removed: p => changes.Removed(area, $"{folder}.{p.Key}", DiffText.Content(p.Value)),
            both: (a, b) => changes.Compare(area, $"{folder}.{a.Key}", Content(a.Value), Content(b.Value)));

    private static Dictionary<string, string> ScriptsIn(PackageDefinition package, string folder) => package.Scripts
        .Where(s => s.Key.StartsWith(folder + "/", StringComparison.Ordinal))
        .ToDictionary(s => s.Key[(folder.Length + 1)..^".js".Length].Replace('/', '.'), s => s.Value, StringComparer.Ordinal);

    // Line endings are the editor's, not the admin's: a file saved with CRLF is the same file.
    private static string Content(string text) => DiffText.Content(text.Replace("\r\n", "\n", StringComparison.Ordinal));

    /// <summary><c>tests.&lt;file&gt;.&lt;case&gt;</c>: test names are unique within a file, not across files.</summary>
    private static string TestPath(PackageTestCase test) =>
        $"tests.{Path.GetFileNameWithoutExtension(test.File)}.{test.Name}";

    /// <summary>The case as what it runs: its JSON re-serialized, so formatting and key spacing do not count.</summary>
    private static string TestContent(PackageTestCase test) => DiffText.Content(JsonSerializer.Serialize(new
    {
        test.Object, test.Record, test.Old, test.User, test.Now,
        test.Expect.Valid, test.Expect.Errors, Formulas = test.Expect.Formulas?.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary(),
        test.Expect.Move,
    }));
}
