using MimeKit;

namespace FunnelStudio.Notifications.Email;

/// <summary>How the SMTP connection is secured.</summary>
public enum EmailSecurity
{
    /// <summary>Plain SMTP (a relay on the same host or network).</summary>
    None,
    /// <summary>Plain connection upgraded with STARTTLS, which must succeed (usually port 587).</summary>
    StartTls,
    /// <summary>TLS from the first byte (usually port 465).</summary>
    Ssl,
}

/// <summary>
/// <c>FunnelStudio:Email</c>: the SMTP server notifications are sent through. No <see cref="Host"/>:
/// email is off (the in-app inbox still gets everything). Checked at start (<see cref="Validate"/>).
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "FunnelStudio:Email";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>The sender, e.g. <c>FunnelStudio &lt;crm@example.com&gt;</c> or a bare address.</summary>
    public string? From { get; set; }
    /// <summary>Set both or neither: the server's login.</summary>
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public EmailSecurity Security { get; set; } = EmailSecurity.None;
    /// <summary>Time for connecting and sending one message, in seconds (1 to 300, default 30).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public IReadOnlyList<string> Validate()
    {
        if (!Enabled) return [];
        var errors = new List<string>();
        if (Port is < 1 or > 65535) errors.Add($"{Section}:Port must be between 1 and 65535, not {Port}.");
        if (string.IsNullOrWhiteSpace(From) || !MailboxAddress.TryParse(From, out _))
            errors.Add($"{Section}:From must be the sender's address (e.g. crm@example.com) when {Section}:Host is set.");
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
            errors.Add($"{Section}:UserName and {Section}:Password go together: set both or neither.");
        if (!Enum.IsDefined(Security)) errors.Add($"{Section}:Security must be None, StartTls or Ssl.");
        if (TimeoutSeconds is < 1 or > 300) errors.Add($"{Section}:TimeoutSeconds must be between 1 and 300.");
        return errors;
    }
}
