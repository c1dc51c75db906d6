using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Portal.Admin;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Admin.Users;

/// <summary>
/// <c>/admin/users/{id}</c>: one user's display name, roles and manager; a new password; deactivation
/// (with "give the open records to" in the same step), reactivation, and reassigning later.
/// Each form posts to its own handler and comes back here with the outcome.
/// </summary>
public sealed class EditModel(UserAccounts accounts, UserQueries queries, OpenRecordsReassigner reassigner, ICurrentUser current,
    IUserDirectory directory, IPackageRuntime runtime, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ProfileInput Input { get; set; } = new();
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? ReassignTo { get; set; }

    public UserSummary Subject { get; private set; } = null!;
    public IReadOnlyList<RoleChoice> Roles { get; private set; } = [];
    public IReadOnlyList<UserOption> Managers { get; private set; } = [];
    /// <summary>Who can take over the user's open records: the other active users.</summary>
    public IReadOnlyList<UserOption> Successors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        Input = new ProfileInput { DisplayName = Subject.DisplayName, Roles = Subject.Roles.ToList(), ManagerId = Subject.ManagerId };
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, new UserChanges
        {
            DisplayName = Input.DisplayName ?? "",
            Roles = Input.Roles,
            Manager = new ManagerChange(string.IsNullOrEmpty(Input.ManagerId) ? null : Input.ManagerId),
        }, "Admin.Users.Saved", cancellationToken);

    public Task<IActionResult> OnPostPasswordAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, new UserChanges { Password = NewPassword ?? "" }, "Admin.Users.PasswordSet", cancellationToken);

    public Task<IActionResult> OnPostReactivateAsync(string id, CancellationToken cancellationToken) =>
        ChangeAsync(id, new UserChanges { Active = true }, "Admin.Users.Reactivated", cancellationToken);

    /// <summary>Deactivates the user, then — when a successor is chosen — gives them the open records, in one step.</summary>
    public async Task<IActionResult> OnPostDeactivateAsync(string id, CancellationToken cancellationToken)
    {
        var admin = (await current.GetAsync(cancellationToken))!;
        var result = await accounts.ChangeAsync(id, new UserChanges { Active = false }, admin.Id, cancellationToken);
        if (!result.Succeeded) return await RefusedAsync(id, result, cancellationToken);
        var message = text["Admin.Users.Deactivated"].Value;
        if (!string.IsNullOrEmpty(ReassignTo))
            message += " " + await ReassignedMessageAsync(id, admin, cancellationToken);
        TempData["Flash"] = message;
        return BackTo(id);
    }

    public async Task<IActionResult> OnPostReassignAsync(string id, CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(id, cancellationToken) is null) return NotFound();
        var admin = (await current.GetAsync(cancellationToken))!;
        TempData["Flash"] = await ReassignedMessageAsync(id, admin, cancellationToken);
        return BackTo(id);
    }

    public RoleCheckboxes RoleBoxes => new(Roles, Input.Roles, "Input.Roles", ErrorsOf("Input.Roles"));

    public string? ErrorsOf(string key) =>
        ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null;

    private async Task<string> ReassignedMessageAsync(string id, ActingUser admin, CancellationToken cancellationToken)
    {
        var outcome = await reassigner.ReassignAsync(id, ReassignTo ?? "", admin, SaveSource.Form, cancellationToken);
        if (!outcome.TargetValid) return text["Admin.Users.ReassignTargetInvalid"].Value;
        var name = (await directory.FindAsync(ReassignTo!, cancellationToken))?.Name ?? ReassignTo!;
        var message = text["Admin.Users.Reassigned", outcome.Moved, name].Value;
        return outcome.NotMoved.Count == 0 ? message : message + " " + text["Admin.Users.NotReassigned", outcome.NotMoved.Count].Value;
    }

    private async Task<IActionResult> ChangeAsync(string id, UserChanges changes, string doneKey, CancellationToken cancellationToken)
    {
        var admin = (await current.GetAsync(cancellationToken))!;
        var result = await accounts.ChangeAsync(id, changes, admin.Id, cancellationToken);
        if (!result.Succeeded) return await RefusedAsync(id, result, cancellationToken);
        TempData["Flash"] = text[doneKey].Value;
        return BackTo(id);
    }

    /// <summary>The page again with the refusal on the fields it is about (the password's under its own form).</summary>
    private async Task<IActionResult> RefusedAsync(string id, UserAccountResult result, CancellationToken cancellationToken)
    {
        if (result.IsNotFound || !await LoadAsync(id, cancellationToken)) return NotFound();
        UserErrorText.AddTo(ModelState, result.Errors.Where(e => e.Field != "password"), text, nameof(Input), "displayName", "roles", "managerId");
        foreach (var error in result.Errors.Where(e => e.Field == "password"))
            ModelState.AddModelError(nameof(NewPassword), UserErrorText.Message(error, text));
        return Page();
    }

    private IActionResult BackTo(string id) => LocalRedirect("/admin/users/" + Uri.EscapeDataString(id));

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(id, cancellationToken) is not { } subject) return false;
        Subject = subject;
        Roles = RoleChoices.Of(runtime, CultureInfo.CurrentUICulture.Name);
        var users = await directory.AllAsync(cancellationToken);
        Managers = ManagerChoices.For(users, id, subject.ManagerId);
        Successors = users.Where(u => u.Active && u.Id != id).Select(u => new UserOption(u.Id, u.Name)).ToList();
        return true;
    }

    public sealed class ProfileInput
    {
        public string? DisplayName { get; set; }
        public List<string> Roles { get; set; } = [];
        public string? ManagerId { get; set; }
    }
}
