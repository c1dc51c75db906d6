namespace FunnelStudio.Portal.Demo;

/// <summary>The demo team: an admin, a sales manager with two reps, and finance.</summary>
public static class DemoUsers
{
    public const string Admin = "admin@funnelstudio.local";
    public const string Manager = "manager@funnelstudio.local";
    public const string Rep = "rep@funnelstudio.local";
    public const string Rep2 = "rep2@funnelstudio.local";
    public const string Finance = "finance@funnelstudio.local";

    /// <summary>Email, display name, role, whether the manager leads them.</summary>
    public static readonly (string Email, string Name, string Role, bool ReportsToManager)[] All =
    [
        (Admin, "系统管理员 Admin", "admin", false),
        (Manager, "王经理 Wang Min", "manager", false),
        (Rep, "李娜 Li Na", "rep", true),
        (Rep2, "张伟 Zhang Wei", "rep", true),
        (Finance, "陈会计 Chen Jing", "finance", false),
    ];
}
