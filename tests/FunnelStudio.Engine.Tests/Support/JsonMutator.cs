using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FunnelStudio.Engine.Tests.Support;

/// <summary>
/// Deterministic mutations of one package file for fuzzing the loader: deleted keys, swapped JSON
/// types, renamed references (names in rules, required fields, lookup targets, test records),
/// transplanted and duplicated nodes, truncation and random bytes. Every mutation is described so
/// a failure can be reproduced from its seed and iteration.
/// </summary>
public sealed partial class JsonMutator(Random random, IReadOnlyList<string> knownNames)
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [GeneratedRegex(@"\b(record|old|user)\.([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Member();

    public (byte[] Bytes, string Description) Mutate(string text)
    {
        switch (random.Next(10))
        {
            case 0:
                return Truncate(text);
            case 1:
                return RandomBytes(text);
        }
        var root = JsonNode.Parse(text, documentOptions: Options)!;
        var description = random.Next(8) switch
        {
            0 or 1 => DeleteKey(root),
            2 or 3 => SwapType(root),
            4 or 5 => RenameReference(root),
            6 => Transplant(root),
            _ => Duplicate(root),
        };
        return (Encoding.UTF8.GetBytes(root.ToJsonString()), description);
    }

    private (byte[], string) Truncate(string text)
    {
        var cut = random.Next(text.Length);
        return (Encoding.UTF8.GetBytes(text[..cut]), $"truncate at {cut}");
    }

    private (byte[], string) RandomBytes(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var count = 1 + random.Next(8);
        for (var i = 0; i < count; i++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        return (bytes, $"overwrite {count} random bytes");
    }

    private string DeleteKey(JsonNode root)
    {
        var objects = Nodes(root).Select(n => n.Node).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        if (objects.Count == 0) return "no object to delete from";
        var obj = Pick(objects);
        var key = obj.ElementAt(random.Next(obj.Count)).Key;
        obj.Remove(key);
        return $"delete {obj.GetPath()}.{key}";
    }

    private string SwapType(JsonNode root)
    {
        var (parent, slot, node) = Pick(Nodes(root).Where(n => n.Parent is not null).ToList());
        JsonNode? replacement = random.Next(9) switch
        {
            0 => "x",
            1 => Pick(knownNames),
            2 => random.Next(-5, 200),
            3 => 1e30,
            4 => new JsonArray(),
            5 => new JsonArray(1, "a", null),
            6 => new JsonObject(),
            7 => true,
            _ => null,
        };
        var path = node?.GetPath() ?? "(null)";
        Replace(parent!, slot, replacement);
        return $"swap {path} → {replacement?.ToJsonString() ?? "null"}";
    }

    private string RenameReference(JsonNode root)
    {
        var strings = Nodes(root).Where(n => n.Node is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList();
        var expressions = strings.Where(n => Member().IsMatch((string)n.Node!)).ToList();
        var names = strings.Where(n => knownNames.Contains((string)n.Node!)).ToList();
        var keyed = Nodes(root).Select(n => n.Node).OfType<JsonObject>().Where(o => o.Any(p => knownNames.Contains(p.Key))).ToList();

        var choice = random.Next(3);
        if (choice == 0 && expressions.Count > 0)
        {
            var (parent, slot, node) = Pick(expressions);
            var text = (string)node!;
            var matches = Member().Matches(text);
            var match = matches[random.Next(matches.Count)];
            var renamed = text[..match.Groups[2].Index] + NewName(match.Groups[2].Value) + text[(match.Groups[2].Index + match.Groups[2].Length)..];
            Replace(parent!, slot, renamed);
            return $"rename in expression {node!.GetPath()}: {renamed}";
        }
        if (choice == 1 && keyed.Count > 0)
        {
            var obj = Pick(keyed);
            var (key, value) = Pick(obj.Where(p => knownNames.Contains(p.Key)).ToList());
            var newKey = NewName(key);
            obj.Remove(key);
            if (!obj.ContainsKey(newKey)) obj[newKey] = value;
            return $"rename key {obj.GetPath()}.{key} → {newKey}";
        }
        if (names.Count > 0)
        {
            var (parent, slot, node) = Pick(names);
            var renamed = NewName((string)node!);
            var path = node!.GetPath();
            Replace(parent!, slot, renamed);
            return $"rename reference {path} → {renamed}";
        }
        return SwapType(root);
    }

    private string Transplant(JsonNode root)
    {
        var all = Nodes(root).Where(n => n.Parent is not null).ToList();
        var (parent, slot, node) = Pick(all);
        var donor = Pick(all).Node;
        var path = node?.GetPath() ?? "(null)";
        Replace(parent!, slot, donor?.DeepClone());
        return $"transplant into {path}";
    }

    private string Duplicate(JsonNode root)
    {
        var arrays = Nodes(root).Select(n => n.Node).OfType<JsonArray>().Where(a => a.Count > 0).ToList();
        if (arrays.Count == 0) return DeleteKey(root);
        var array = Pick(arrays);
        var item = array[random.Next(array.Count)];
        array.Add(item?.DeepClone());
        return $"duplicate an item of {array.GetPath()}";
    }

    private string NewName(string old) => random.Next(3) switch
    {
        0 => Pick(knownNames),
        1 => old + "_x",
        _ => old.Length > 1 ? old[..^1] : "z",
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static void Replace(JsonNode parent, object slot, JsonNode? value)
    {
        if (parent is JsonObject obj) obj[(string)slot] = value;
        else parent.AsArray()[(int)slot] = value;
    }

    /// <summary>Every node with its parent and its key (object) or index (array), depth first.</summary>
    private static List<(JsonNode? Parent, object Slot, JsonNode? Node)> Nodes(JsonNode root)
    {
        var list = new List<(JsonNode?, object, JsonNode?)> { (null, "", root) };
        void Walk(JsonNode node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj.ToList())
                    {
                        list.Add((obj, key, value));
                        if (value is not null) Walk(value);
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        list.Add((array, i, array[i]));
                        if (array[i] is { } item) Walk(item);
                    }
                    break;
            }
        }
        Walk(root);
        return list;
    }
}
