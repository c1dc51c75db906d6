using System.Globalization;
using System.Text.Json;

namespace FunnelStudio.Portal.Api;

/// <summary>
/// Reads the small bodies of the approvals API. Anything but the expected properties, of the expected
/// JSON types, is the caller's error: 400 naming it (never a 500).
/// </summary>
public static class ApprovalBody
{
    /// <summary>A comment longer than this is refused rather than cut.</summary>
    public const int MaxComment = 2000;

    /// <summary><c>{ "comment": "…" }</c>, the comment optional (null, absent or blank: none).</summary>
    public static (string? Comment, IResult? Error) ReadComment(JsonElement body)
    {
        string? comment = null;
        foreach (var property in body.EnumerateObject())
        {
            if (!string.Equals(property.Name, "comment", StringComparison.OrdinalIgnoreCase))
                return (null, ApiProblems.BadRequest($"Unknown property '{property.Name}'; this endpoint takes: comment."));
            if (property.Value.ValueKind == JsonValueKind.Null) continue;
            if (property.Value.ValueKind != JsonValueKind.String) return (null, ApiProblems.BadRequest("'comment' must be a string."));
            comment = property.Value.GetString();
        }
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (comment?.Length > MaxComment) return (null, ApiProblems.BadRequest($"'comment' may have at most {MaxComment} characters."));
        return (comment, null);
    }

    /// <summary><c>{ "toUser": id, "starts": "yyyy-MM-dd", "ends": "yyyy-MM-dd" }</c>, all three required.</summary>
    public static (DelegationRequest? Request, IResult? Error) ReadDelegation(JsonElement body)
    {
        string? toUser = null, starts = null, ends = null;
        foreach (var property in body.EnumerateObject())
        {
            var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                return (null, ApiProblems.BadRequest($"'{property.Name}' must be a string."));
            switch (property.Name.ToLowerInvariant())
            {
                case "touser": toUser = value; break;
                case "starts": starts = value; break;
                case "ends": ends = value; break;
                default: return (null, ApiProblems.BadRequest($"Unknown property '{property.Name}'; this endpoint takes: toUser, starts, ends."));
            }
        }
        if (string.IsNullOrWhiteSpace(toUser)) return (null, ApiProblems.BadRequest("Name the user who decides for you: 'toUser' (a user id)."));
        if (!TryDate(starts, out var from) || !TryDate(ends, out var to))
            return (null, ApiProblems.BadRequest("'starts' and 'ends' must be dates (yyyy-MM-dd)."));
        return (new DelegationRequest(toUser.Trim(), from, to), null);
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
