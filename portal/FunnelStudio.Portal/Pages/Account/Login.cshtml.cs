using System.ComponentModel.DataAnnotations;
using FunnelStudio.Portal.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Account;

/// <summary>
/// Cookie sign-in for the portal (the API signs in at /api/v1/identity/login instead). One message
/// for every refusal — unknown email, wrong password, locked or deactivated account (<see cref="PasswordSignIn"/>).
/// </summary>
public sealed class LoginModel(PasswordSignIn signIn, IStringLocalizer<SharedResource> text) : PageModel
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

        if (await signIn.SignInAsync(Input.Email, Input.Password, IdentityConstants.ApplicationScheme, Input.RememberMe))
            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
        Error = text["Account.InvalidLogin"];
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
