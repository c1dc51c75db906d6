using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>Reads <c>package.json</c>: identity, locales, roles, hooks, actions and notification rules (plugins: <see cref="PluginReader"/>).</summary>
internal static partial class PackageReader
{
    private static readonly string[] Keys =
        ["name", "version", "label", "description", "locales", "defaultLocale", "roles", "plugins", "hooks", "actions", "scriptLimits", "documents", "notifications"];

    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex SemVer();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LocaleTag();

    public static PackageDefinition? Read(ElementReader reader, JsonElement root)
    {
        if (!reader.ExpectObject(root, "$", Keys, "package.json")) return null;
        var name = reader.Name(root, "$", "Package");
        var version = reader.String(root, "$", "version", required: true);
        if (version is not null && !SemVer().IsMatch(version))
        {
            reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, "$.version",
                $"Version '{version}' is not semantic versioning (major.minor.patch, e.g. 1.0.0).");
            version = null;
        }

        var locales = reader.Strings(root, "$", "locales");
        foreach (var (locale, i) in locales.Select((l, i) => (l, i)))
            if (!LocaleTag().IsMatch(locale))
                reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, $"$.locales[{i}]", $"'{locale}' is not a locale tag like en or zh-CN.");
        if (locales.Count == 0) locales = ["en"];
        var defaultLocale = reader.String(root, "$", "defaultLocale") ?? locales[0];
        if (!locales.Contains(defaultLocale))
            reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, "$.defaultLocale",
                $"Default locale '{defaultLocale}' is not one of the package's locales ({string.Join(", ", locales)}).");

        var roles = RoleReader.Read(reader, root);

        if (name is null || version is null) return null;
        var packageLabel = reader.Text(root, "$", "label");
        return new PackageDefinition(name, version, packageLabel.IsEmpty ? LocalizedText.Of(name) : packageLabel)
        {
            Description = reader.Text(root, "$", "description"),
            Locales = locales,
            DefaultLocale = defaultLocale,
            Roles = roles,
            Hooks = ScriptDeclarationReader.Hooks(reader, root, plugin: null),
            Actions = ScriptDeclarationReader.Actions(reader, root, plugin: null),
            ScriptLimits = ScriptDeclarationReader.Limits(reader, root),
            Documents = DocumentReader.Read(reader, root),
            NotificationRules = NotificationRuleReader.Read(reader, root),
        };
    }
}
