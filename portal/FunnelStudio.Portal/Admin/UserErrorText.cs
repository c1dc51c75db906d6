using FunnelStudio.Storage.Users;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Admin;

/// <summary>
/// A refused user change on the admin pages: each error's code in the request's language
/// (<c>Admin.Error.&lt;CODE&gt;</c>), placed on the form field it is about.
/// </summary>
public static class UserErrorText
{
    public static string Message(UserAccountError error, IStringLocalizer text)
    {
        var localized = text["Admin.Error." + error.Code, error.Detail ?? ""];
        return localized.ResourceNotFound ? error.Message : localized.Value;
    }

    /// <summary>Adds every error to <paramref name="state"/> under <c>{prefix}.{Field}</c> (the whole form for a field the form lacks).</summary>
    public static void AddTo(ModelStateDictionary state, IEnumerable<UserAccountError> errors, IStringLocalizer text, string prefix,
        params string[] formFields)
    {
        foreach (var error in errors)
        {
            var field = char.ToUpperInvariant(error.Field[0]) + error.Field[1..];
            state.AddModelError(formFields.Contains(error.Field) ? $"{prefix}.{field}" : "", Message(error, text));
        }
    }
}
