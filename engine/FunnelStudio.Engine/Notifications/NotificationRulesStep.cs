using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using FunnelStudio.Saving.Pipeline;

namespace FunnelStudio.Notifications;

/// <summary>
/// The package's notification rules in the save pipeline (right before the persist step): a save
/// that creates a record, or moves it to a rule's stage, adds a <c>notify</c> message for the
/// resolved recipients — and a <c>notify.webhook</c> message when the rule has a webhook — to
/// <see cref="SaveContext.Outbox"/>, so they are written with the record in its transaction.
/// Reads the user directory only when a rule matches; nothing at all when the package has no rules.
/// </summary>
public sealed class NotificationRulesStep(IUserDirectory directory) : ISaveStep
{
    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        var rules = context.Package.Definition.NotificationRules;
        if (rules.Count == 0 || context.IsRefused || context.Command.Operation == SaveOperation.Delete) return;
        var obj = context.Object.Definition;
        var stage = obj.Pipeline is null ? null : context.TargetStage ?? context.Existing?.Stage;
        var matching = rules.Where(r => r.Object == obj.Name && Matches(r, context, stage)).ToList();
        if (matching.Count == 0) return;

        var record = new StoredRecord(context.RecordId, obj.Name, context.Values)
        {
            Stage = stage,
            OwnerId = obj.Owner is { } owner ? context.Values.GetString(owner.Name) : context.Existing?.OwnerId ?? context.User.Id,
        };
        var users = await directory.AllAsync(cancellationToken);
        foreach (var rule in matching)
        {
            var request = new NotificationRequest(rule.Template, EventName(rule.Event), PartyResolver.ResolveAll(rule.To, record, users).Select(u => u.Id).ToList())
            {
                Object = obj.Name,
                RecordId = record.Id,
                Values = Values(context, obj, stage),
                Link = $"/o/{obj.Name}/{record.Id}",
            };
            if (request.Recipients.Count > 0) context.Outbox.Add(request.ToMessage());
            if (rule.Webhook is { } webhook) context.Outbox.Add(new NotificationWebhookRequest(request, webhook).ToMessage());
        }
    }

    public static string EventName(NotificationEvent e) => e == NotificationEvent.Created ? "record.created" : "stage.changed";

    private static bool Matches(NotificationRuleDefinition rule, SaveContext context, string? stage) => rule.Event switch
    {
        NotificationEvent.Created => context.Existing is null,
        // A move of a record that had a stage; a new record entering its first stage is its creation.
        NotificationEvent.StageChanged => context.Existing?.Stage is { } from && stage is not null && stage != from
            && (rule.Stage is null || rule.Stage == stage),
        _ => false,
    };

    /// <summary>Plain event values a template reads beside the record (<c>values["stage.to_label"]</c> …).</summary>
    private static Dictionary<string, string?> Values(SaveContext context, ObjectDefinition obj, string? stage)
    {
        var locale = context.Package.Definition.DefaultLocale;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["changed_by"] = context.User.Name,
            ["changed_by_id"] = context.User.Id,
        };
        if (stage is null) return values;
        values["stage.to"] = stage;
        values["stage.to_label"] = obj.Pipeline!.Find(stage)?.Label.Get(locale);
        if (context.Existing?.Stage is { } from)
        {
            values["stage.from"] = from;
            values["stage.from_label"] = obj.Pipeline.Find(from)?.Label.Get(locale);
        }
        return values;
    }
}
