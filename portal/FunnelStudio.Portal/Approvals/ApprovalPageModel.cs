using System.Globalization;
using FunnelStudio.Approvals;
using FunnelStudio.Metadata;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Approvals;

/// <summary>
/// The base of the approvals pages: the acting user (resolved before any handler runs), the service,
/// and the labels, times and ages the pages show.
/// </summary>
public abstract class ApprovalPageModel(IApprovalService approvals, ICurrentUser currentUser, IPackageRuntime runtime,
    UserTimeZone zone, IStringLocalizer<SharedResource> text) : ActingPageModel(currentUser)
{
    protected IApprovalService Approvals => approvals;
    protected IStringLocalizer<SharedResource> Text => text;

    public bool IsAdmin => runtime.Current.Access.IsAdmin(Acting);

    public static string Locale => CultureInfo.CurrentUICulture.Name;

    public string Label(LocalizedText label) => label.Get(Locale);

    /// <summary>The request's object as the package labels it (its name when the running version no longer has it).</summary>
    public string ObjectLabel(ApprovalDetails approval) =>
        runtime.Current.Object(approval.Object)?.Definition.Label.Get(Locale) ?? approval.Object;

    public string When(DateTime utc) => zone.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Age(DateTime since) => ApprovalLabels.Age(text, DateTime.UtcNow - since);

    /// <summary>Where to go after a decision: the page the form was on when it is local, else the request's page.</summary>
    protected string ReturnTo(string? returnUrl, Guid id) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : ApprovalLabels.DetailUrl(id);
}
