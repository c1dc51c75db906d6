using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>
/// Reads <c>"notifications"</c> of <c>package.json</c>: each rule's shape, its recipients (a party
/// or a list of parties, written as in approval flows) and its webhook. Meaning (object, stage,
/// template, role, field) is checked by <see cref="NotificationRuleChecker"/> once the package is read.
/// </summary>
internal static class NotificationRuleReader
{
    private static readonly string[] Keys = ["name", "object", "event", "stage", "template", "to", "webhook"];
    private static readonly string[] PartyKeys = ["role", "user", "field", "ownerManager"];
    private static readonly string[] WebhookKeys = ["url", "format", "secret"];

    public static List<NotificationRuleDefinition> Read(ElementReader reader, JsonElement root)
    {
        var rules = new List<NotificationRuleDefinition>();
        foreach (var (item, path) in reader.Array(root, "$", "notifications"))
        {
            if (!reader.ExpectObject(item, path, Keys, "A notification rule")) continue;
            var name = reader.Name(item, path, "Notification rule");
            var obj = reader.String(item, path, "object", required: true);
            var evt = Event(reader, item, path);
            var template = reader.String(item, path, "template", required: true);
            var to = Parties(reader, item, path);
            var webhook = Webhook(reader, item, path);
            if (name is null || obj is null || evt is null || template is null || to is null) continue;
            if (rules.Exists(r => r.Name == name))
            {
                reader.Bag.Report(DiagnosticCodes.DuplicateName, reader.File, path + ".name", $"Notification rule '{name}' is defined more than once.");
                continue;
            }
            rules.Add(new NotificationRuleDefinition(name, obj, evt.Value, template, to)
            {
                Stage = reader.String(item, path, "stage"),
                Webhook = webhook,
                File = reader.File,
                Path = path,
            });
        }
        return rules;
    }

    private static NotificationEvent? Event(ElementReader reader, JsonElement item, string path)
    {
        var text = reader.String(item, path, "event", required: true);
        switch (text)
        {
            case null: return null;
            case "stageChanged": return NotificationEvent.StageChanged;
            case "created": return NotificationEvent.Created;
            default:
                reader.Bag.Report(DiagnosticCodes.NotificationBadEvent, reader.File, path + ".event", $"Event '{text}' is not stageChanged or created.");
                return null;
        }
    }

    /// <summary><c>"to"</c>: one party or a non-empty list of them; null (reported) when any is malformed.</summary>
    private static List<Party>? Parties(ElementReader reader, JsonElement item, string path)
    {
        if (!reader.TryGet(item, path, "to", required: true, out var to)) return null;
        var toPath = path + ".to";
        var elements = to.ValueKind == JsonValueKind.Array
            ? to.EnumerateArray().Select((p, i) => (p, ElementReader.Item(toPath, i))).ToList()
            : [(to, toPath)];
        if (elements.Count == 0)
        {
            reader.Bag.Report(DiagnosticCodes.NotificationBadParty, reader.File, toPath, "'to' names nobody: give a party or a list of parties.");
            return null;
        }
        var parties = elements.Select(e => Party(reader, e.Item1, e.Item2)).ToList();
        return parties.Contains(null) ? null : parties.Select(p => p!).ToList();
    }

    private static Party? Party(ElementReader reader, JsonElement element, string path)
    {
        var present = element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Where(p => p.Name != "$schema").Select(p => p.Name).ToList()
            : [];
        if (element.ValueKind != JsonValueKind.Object || present.Count != 1 || !PartyKeys.Contains(present[0]))
        {
            reader.Bag.Report(DiagnosticCodes.NotificationBadParty, reader.File, path,
                "A recipient is exactly one of { \"role\": … }, { \"user\": … }, { \"field\": … } or { \"ownerManager\": true }.");
            return null;
        }
        var key = present[0];
        if (key == "ownerManager")
        {
            if (element.GetProperty(key).ValueKind == JsonValueKind.True) return new Party(PartyKind.OwnerManager, null);
            reader.Bag.Report(DiagnosticCodes.NotificationBadParty, reader.File, path + ".ownerManager", "'ownerManager' can only be true.");
            return null;
        }
        var value = reader.String(element, path, key, required: true);
        if (value is null) return null;
        return new Party(key switch { "role" => PartyKind.Role, "user" => PartyKind.User, _ => PartyKind.Field }, value);
    }

    private static NotificationWebhook? Webhook(ElementReader reader, JsonElement item, string path)
    {
        if (!reader.TryGet(item, path, "webhook", false, out var webhook)) return null;
        var hookPath = path + ".webhook";
        if (!reader.ExpectObject(webhook, hookPath, WebhookKeys, "A notification webhook")) return null;
        var url = reader.String(webhook, hookPath, "url", required: true);
        var format = reader.String(webhook, hookPath, "format") ?? "generic";
        var secret = reader.String(webhook, hookPath, "secret");
        if (url is null) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            reader.Bag.Report(DiagnosticCodes.NotificationBadWebhook, reader.File, hookPath + ".url", $"'{url}' is not an absolute http(s) URL.");
            return null;
        }
        if (!NotificationWebhook.Formats.Contains(format))
        {
            reader.Bag.Report(DiagnosticCodes.NotificationBadWebhook, reader.File, hookPath + ".format",
                $"Format '{format}' is not one of {string.Join(", ", NotificationWebhook.Formats)}.");
            return null;
        }
        return new NotificationWebhook(url, format, secret);
    }
}
