namespace FunnelStudio.Notifications;

/// <summary>Host settings notifications read: <c>FunnelStudio:PublicUrl</c>.</summary>
public sealed class NotificationOptions
{
    public const string PublicUrlKey = "FunnelStudio:PublicUrl";

    /// <summary>
    /// The portal's address as people reach it (e.g. <c>https://crm.example.com</c>): links in emails
    /// and webhooks are made absolute with it. Null: links stay paths (fine in the in-app inbox).
    /// </summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>The absolute link when <see cref="PublicUrl"/> is set, else the path as given.</summary>
    public string? Absolute(string? path)
    {
        // A path ("/o/deal/…") is also an absolute file URI on Unix: only http(s) counts as absolute here.
        if (path is null || PublicUrl is null || path.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return path;
        return PublicUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + path.TrimStart('/');
    }

    /// <summary>Reads <see cref="PublicUrlKey"/>; an address that is not absolute http(s) is refused at start.</summary>
    public static NotificationOptions Read(string? publicUrl)
    {
        if (string.IsNullOrWhiteSpace(publicUrl)) return new NotificationOptions();
        if (!Uri.TryCreate(publicUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"{PublicUrlKey} is '{publicUrl}': use the portal's absolute http(s) address, e.g. https://crm.example.com.");
        return new NotificationOptions { PublicUrl = url };
    }
}
