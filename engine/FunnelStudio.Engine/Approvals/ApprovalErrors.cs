namespace FunnelStudio.Approvals;

/// <summary>The stable codes of refused delegations (the portal and the API show them in the user's language).</summary>
public static class ApprovalErrors
{
    public const string DelegationToSelf = "DELEGATION_SELF";
    public const string DelegationUnknownUser = "DELEGATION_UNKNOWN_USER";
    /// <summary>The end is before the start, before today, or more than a year after the start.</summary>
    public const string DelegationDates = "DELEGATION_DATES";
}
