using System.Text.Json;
using System.Text.Json.Nodes;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>
/// <c>--unique-package FROM TO</c>: copies a package and gives its <c>deal</c> two more unique fields
/// (<c>external_id</c> text, <c>buyer_email</c> email) — the load test's "creates with two unique
/// fields" (load.sh with FUNNELSTUDIO_LOAD_UNIQUE=1). The copy loads on releases that do not enforce
/// <c>unique</c> too, so one package measures before and after.
/// </summary>
internal static class UniquePackage
{
    public const string Switch = "--unique-package";

    public static readonly (string Name, string Type)[] Fields = [("external_id", "text"), ("buyer_email", "email")];

    public static int Run(string[] args)
    {
        if (args.Length < 3) { Console.Error.WriteLine($"usage: {Switch} FROM TO"); return 2; }
        var (from, to) = (args[1], args[2]);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
        var dealFile = Path.Combine(to, "objects", "deal.json");
        var deal = JsonNode.Parse(File.ReadAllText(dealFile))!;
        var fields = deal["fields"]!.AsArray();
        foreach (var (name, type) in Fields)
            fields.Add(new JsonObject { ["name"] = name, ["type"] = type, ["label"] = name, ["maxLength"] = 200, ["unique"] = true });
        File.WriteAllText(dealFile, deal.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"{to}: deal with unique {string.Join(", ", Fields.Select(f => f.Name))}");
        return 0;
    }
}
