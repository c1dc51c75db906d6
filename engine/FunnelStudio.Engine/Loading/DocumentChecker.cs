using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Templates;

namespace FunnelStudio.Loading;

/// <summary>Checks what each document names: its object, its template and its roles.</summary>
internal static class DocumentChecker
{
    public static void Check(PackageDefinition package, CompiledTemplates parsed, DiagnosticBag bag)
    {
        var roles = package.Roles.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var document in package.Documents)
        {
            if (package.Object(document.Object) is null)
                bag.Report(DiagnosticCodes.DocumentUnknownObject, "package.json", $"{document.Path}.object",
                    $"Document '{document.Name}' names object '{document.Object}', which the package does not define.");
            // A template that exists but failed to parse already has its own diagnostic.
            if (!package.Templates.ContainsKey(document.Template) && !parsed.Contains(document.Template))
                bag.Report(DiagnosticCodes.DocumentUnknownTemplate, "package.json", $"{document.Path}.template",
                    $"Document '{document.Name}' names template '{document.Template}', but there is no templates/{document.Template}.sbn.");
            foreach (var (role, i) in document.Roles.Select((r, i) => (r, i)))
                if (!roles.Contains(role))
                    bag.Report(DiagnosticCodes.UnknownRole, "package.json", $"{document.Path}.roles[{i}]",
                        $"Document '{document.Name}' names role '{role}', which package.json does not define.");
        }
    }
}
