using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Support;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>Changes to the sample package that single tests need (a narrower role, another onDelete).</summary>
internal static class SampleEdits
{
    /// <summary>Sets one permission of a role on an object, e.g. the rep's <c>read</c> of contacts to <c>own</c>.</summary>
    public static PackageBuilder Permission(this PackageBuilder package, string role, string obj, string key, string value) =>
        package.EditPackage(p =>
        {
            var permissions = p["roles"]!.AsArray().Single(r => (string?)r!["name"] == role)!["permissions"]!.AsObject();
            permissions[obj]![key] = value;
        });

    /// <summary>Sets a lookup's <c>onDelete</c>.</summary>
    public static PackageBuilder OnDelete(this PackageBuilder package, string obj, string field, string rule) =>
        package.EditObject(obj, o => JsonEdit.Field(o, field)["onDelete"] = rule);

    /// <summary>Sets a field's <c>unique</c>.</summary>
    public static PackageBuilder Unique(this PackageBuilder package, string obj, string field, bool unique = true) =>
        package.EditObject(obj, o => JsonEdit.Field(o, field)["unique"] = unique);

}
