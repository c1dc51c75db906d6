using System.ComponentModel.DataAnnotations;
using FunnelStudio.Storage.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Account;

/// <summary>Cookie sign-in for the portal (the API signs in at /api/v1/identity/login instead).</summary>
public sealed class LoginModel(SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    public string? ReturnUrl { get; private set; }
    public string? Error { get; private set; }
    public bool SignedOut { get; private set; }

    public void OnGet(string? returnUrl, bool signedOut = false)
    {
        ReturnUrl = returnUrl;
        SignedOut = signedOut;
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl)
    {
        ReturnUrl = returnUrl;
        if (string.IsNullOrWhiteSpace(Input.Email)) ModelState.AddModelError("Input.Email", text["Account.EmailRequired"]);
        if (string.IsNullOrEmpty(Input.Password)) ModelState.AddModelError("Input.Password", text["Account.PasswordRequired"]);
        if (!ModelState.IsValid) return Page();

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
        Error = result.IsLockedOut ? text["Account.LockedOut"] : text["Account.InvalidLogin"];
        return Page();
    }

    public sealed class LoginInput
    {
        [MaxLength(256)]
        public string Email { get; set; } = "";

        [MaxLength(256), DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }
}
