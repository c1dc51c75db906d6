using FunnelStudio.Rules;

namespace FunnelStudio.Engine.Tests.Support;

/// <summary>The users rules see in tests.</summary>
public static class Users
{
    public static readonly RuleUser Rep = new("u-rep", "Rita Rep", ["rep"]);
    public static readonly RuleUser Manager = new("u-mgr", "Max Manager", ["manager"]);
}
