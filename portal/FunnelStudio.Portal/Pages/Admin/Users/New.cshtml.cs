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

/// <summary><c>/admin/users/new</c>: an admin creates a user with an email, a display name, a password, package roles and a manager.</summary>
public sealed class NewModel(UserAccounts accounts, ICurrentUser current, IUserDirectory directory, IPackageRuntime runtime,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public NewUserInput Input { get; set; } = new();

    public IReadOnlyList<RoleChoice> Roles { get; private set; } = [];
    public IReadOnlyList<UserOption> Managers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadChoicesAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var admin = (await current.GetAsync(cancellationToken))!;
        var result = await accounts.CreateAsync(new NewUser(Input.Email ?? "", Input.DisplayName, Input.Password ?? "", Input.Roles,
            string.IsNullOrEmpty(Input.ManagerId) ? null : Input.ManagerId), admin.Id, cancellationToken);
        if (!result.Succeeded)
        {
            UserErrorText.AddTo(ModelState, result.Errors, text, nameof(Input), "email", "displayName", "password", "roles", "managerId");
            await LoadChoicesAsync(cancellationToken);
            return Page();
        }
        TempData["Flash"] = text["Admin.Users.Created", Input.Email!.Trim()].Value;
        return LocalRedirect("/admin/users/" + Uri.EscapeDataString(result.UserId!));
    }

    /// <summary>The role checkboxes, with the error about roles when there is one.</summary>
    public RoleCheckboxes RoleBoxes => new(Roles, Input.Roles, "Input.Roles",
        ModelState.TryGetValue("Input.Roles", out var entry) && entry.Errors.Count > 0 ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage)) : null);

    private async Task LoadChoicesAsync(CancellationToken cancellationToken)
    {
        Roles = RoleChoices.Of(runtime, CultureInfo.CurrentUICulture.Name);
        Managers = ManagerChoices.For(await directory.AllAsync(cancellationToken), null, null);
    }

    public sealed class NewUserInput
    {
        public string? Email { get; set; }
        public string? DisplayName { get; set; }
        public string? Password { get; set; }
        public List<string> Roles { get; set; } = [];
        public string? ManagerId { get; set; }
    }
}
