using FunnelStudio.Outbox;
using FunnelStudio.Saving;
using FunnelStudio.Templates;
using FunnelStudio.Webhooks;

namespace FunnelStudio.Notifications;

/// <summary>
/// Delivers <c>notify.webhook</c> messages: renders the rule's template once — with the record as
/// the system reads it (the package's author chose to send it out; the template decides what goes)
/// and the package as the recipient — shapes it for the webhook's format (<see cref="WebhookBodies"/>)
/// and posts it through the <see cref="WebhookHandler"/> (signing, bot signatures, private networks refused).
/// </summary>
public sealed class NotificationWebhookHandler(
    IPackageRuntime runtime,
    IRecordStore records,
    ITemplateRenderer renderer,
    WebhookHandler webhooks,
    NotificationOptions options) : IOutboxHandler
{
    public string Kind => NotificationWebhookRequest.Kind;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var message = NotificationWebhookRequest.FromPayload(item.Payload) ?? throw new InvalidOperationException("The notification webhook has no payload.");
        var request = message.Notification;
        var package = runtime.Current;
        var obj = request.Object is { } name ? package.Object(name)?.Definition : null;
        var record = obj is not null && request.RecordId is { } id ? await records.FindAsync(obj.Name, id, cancellationToken) : null;
        if (record is { Deleted: true }) record = null;
        var system = new Access.DirectoryUser(Saving.ActingUser.System.Id, package.Definition.Label.Get(package.Definition.DefaultLocale), null, true, null, []);
        var link = options.Absolute(request.Link);
        var model = new Dictionary<string, object?>(NotificationModel.For(package, obj, record, system, [system], request, link))
        {
            // The system reads every field; the access policy only knows users.
            ["record"] = record is null ? new Dictionary<string, object?>() : record.Values.ToDictionary(v => v.Key, v => NotificationModel.Plain(v.Value)),
        };
        var result = renderer.Render(package, request.Template, model);
        if (!result.Succeeded) throw new InvalidOperationException($"Template '{request.Template}' could not be rendered: {result.Error}");
        var rendered = RenderedNotification.Split(result.Output ?? "");
        var body = WebhookBodies.For(message.Webhook.Format, request, rendered, link);
        var post = Scripting.Hooks.WebhookMessages.Create(new Uri(message.Webhook.Url), body, message.Webhook.Secret, request.RecordId);
        await webhooks.HandleAsync(item with { Kind = post.Kind, Payload = post.Payload }, cancellationToken);
    }
}
