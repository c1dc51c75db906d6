using FunnelStudio.Access;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace FunnelStudio.Notifications.Email;

/// <summary>
/// Sends notifications by email over SMTP (MailKit): the title as the subject, the HTML body as
/// <c>text/html</c>. Reaches active users with an address while <see cref="EmailOptions.Host"/> is
/// set. One delivery is one message to one recipient, so a retry never mails anyone else again.
/// </summary>
public sealed class EmailChannel(EmailOptions options) : INotificationChannel
{
    public const string ChannelName = "email";

    public string Name => ChannelName;

    public bool Reaches(DirectoryUser recipient) =>
        options.Enabled && recipient.Active && !string.IsNullOrWhiteSpace(recipient.Email) && MailboxAddress.TryParse(recipient.Email, out _);

    public async Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken)
    {
        if (!options.Enabled) throw new InvalidOperationException($"Email is off ({EmailOptions.Section}:Host is not set); this email was queued while it was on.");
        if (delivery.Address is null || !MailboxAddress.TryParse(delivery.Address, out var to))
            throw new InvalidOperationException($"User {delivery.UserId} has no usable email address.");
        if (delivery.UserName is { Length: > 0 } name) to.Name = name;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From!));
        message.To.Add(to);
        message.Subject = delivery.Title;
        message.Body = new BodyBuilder { HtmlBody = Html(delivery) }.ToMessageBody();

        using var smtp = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        var security = options.Security switch
        {
            EmailSecurity.Ssl => SecureSocketOptions.SslOnConnect,
            EmailSecurity.StartTls => SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.None,
        };
        await smtp.ConnectAsync(options.Host!, options.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(options.UserName)) await smtp.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>The body, and the link under it when there is one (absolute with <c>FunnelStudio:PublicUrl</c>).</summary>
    private static string Html(ChannelDelivery delivery) =>
        delivery.Link is { } link
            ? $"{delivery.Body}\n<p><a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">{System.Net.WebUtility.HtmlEncode(link)}</a></p>"
            : delivery.Body;
}
