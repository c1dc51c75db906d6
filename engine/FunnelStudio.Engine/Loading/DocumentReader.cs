using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>Reads <c>"documents"</c> of <c>package.json</c>; <see cref="DocumentChecker"/> checks what they name.</summary>
internal static partial class DocumentReader
{
    private static readonly string[] Keys = ["name", "object", "label", "template", "roles", "icon"];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*\\z")]
    private static partial Regex IconName();

    public static List<DocumentDefinition> Read(ElementReader reader, JsonElement root)
    {
        var documents = new List<DocumentDefinition>();
        foreach (var (item, path) in reader.Array(root, "$", "documents"))
        {
            if (!reader.ExpectObject(item, path, Keys, "A document")) continue;
            var name = reader.Name(item, path, "Document");
            var obj = reader.String(item, path, "object", required: true);
            var template = reader.String(item, path, "template", required: true);
            var label = reader.Text(item, path, "label");
            var icon = reader.String(item, path, "icon");
            if (icon is not null && !IconName().IsMatch(icon))
            {
                reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, path + ".icon", $"Icon '{icon}' is not a Bootstrap Icons name (lower-case words joined by hyphens, like 'printer' or 'file-earmark-text').");
                icon = null;
            }
            if (name is null || obj is null || template is null) continue;
            if (documents.Exists(d => d.Object == obj && d.Name == name))
            {
                reader.Bag.Report(DiagnosticCodes.DuplicateName, reader.File, path + ".name", $"Document '{name}' of '{obj}' is declared twice.");
                continue;
            }
            documents.Add(new DocumentDefinition(name, obj, label.IsEmpty ? LocalizedText.Of(name) : label, template)
            {
                Roles = reader.Strings(item, path, "roles"),
                Icon = icon,
                Path = path,
            });
        }
        return documents;
    }
}
