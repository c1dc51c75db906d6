namespace FunnelStudio.Approvals;

/// <summary>
/// <see cref="FromUser"/>'s approvals may be decided by <see cref="ToUser"/> from <see cref="Starts"/>
/// to <see cref="Ends"/> (both days included, UTC).
/// </summary>
public sealed record ApprovalDelegation(long Id, string FromUser, string ToUser, DateOnly Starts, DateOnly Ends)
{
    public string FromUserName { get; init; } = "";
    public string ToUserName { get; init; } = "";
    public bool Covers(DateTime at) => DateOnly.FromDateTime(at) is var day && day >= Starts && day <= Ends;
}
