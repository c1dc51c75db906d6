using System.Globalization;
using FunnelStudio.Metadata;

namespace FunnelStudio.Localization;

/// <summary>
/// The engine's own messages (field errors, stage-move reasons) in every UI language. Placeholders
/// are filled with already-localized names, so each locale gets labels in its own language.
/// </summary>
public static class EngineText
{
    private static readonly Dictionary<string, (string En, string Zh)> Templates = new()
    {
        ["required"] = ("{0} is required.", "{0}为必填项。"),
        ["type.number"] = ("{0} must be a number.", "{0}必须是数字。"),
        ["type.boolean"] = ("{0} must be yes or no.", "{0}必须是“是”或“否”。"),
        ["type.date"] = ("{0} must be a date (yyyy-mm-dd).", "{0}必须是日期（yyyy-mm-dd）。"),
        ["type.datetime"] = ("{0} must be a date and time.", "{0}必须是日期时间。"),
        ["type.text"] = ("{0} must be text.", "{0}必须是文本。"),
        ["type.list"] = ("{0} must be a list of options.", "{0}必须是选项列表。"),
        ["maxLength"] = ("{0} may have at most {1} characters.", "{0}最多 {1} 个字符。"),
        ["min"] = ("{0} must be at least {1}.", "{0}不能小于 {1}。"),
        ["max"] = ("{0} must be at most {1}.", "{0}不能大于 {1}。"),
        ["option"] = ("{0} has no option '{1}'.", "{0}没有选项“{1}”。"),
        ["email"] = ("{0} must be an email address.", "{0}必须是有效的邮箱地址。"),
        ["url"] = ("{0} must be a web address starting with http:// or https://.", "{0}必须是以 http:// 或 https:// 开头的网址。"),
        ["phone"] = ("{0} must be a phone number.", "{0}必须是电话号码。"),
        ["readOnly"] = ("{0} is read-only and cannot be set.", "{0}为只读字段，不能修改。"),
        ["unknownField"] = ("There is no field '{0}'.", "不存在字段“{0}”。"),
        ["stage.requiredField"] = ("{0} is required to leave stage {1}.", "离开阶段“{1}”前必须填写{0}。"),
        ["stage.requiredToEnter"] = ("{0} is required to enter stage {1}.", "进入阶段“{1}”前必须填写{0}。"),
        ["stage.unknown"] = ("There is no stage '{0}'.", "不存在阶段“{0}”。"),
        ["stage.terminal"] = ("{0} is a closed stage; only a user with role {1} can reopen the record.", "“{0}”是结束阶段，只有{1}角色的用户可以重新打开记录。"),
        ["stage.terminalToTerminal"] = ("A closed record cannot move to another closed stage.", "已结束的记录不能转到另一个结束阶段。"),
        ["owner.forbidden"] = ("{0}: you can only give records to users whose records you may edit.", "{0}：只能分配给您有权编辑其记录的用户。"),
        ["approval.locked"] = ("This {0} is locked while approval request \"{1}\" is pending.", "审批“{1}”进行中，此{0}已锁定，不能修改。"),
        ["approval.entryError"] = ("Approval flow {0} could not decide whether this save needs approval.", "无法判断此次保存是否需要审批流程“{0}”。"),
        ["access.create"] = ("You may not create {0} records.", "您无权新建{0}。"),
        ["access.read"] = ("This record belongs to someone else.", "该记录属于其他人，您无权查看。"),
        ["access.edit"] = ("You may see this {0} but not change it.", "您可以查看此{0}，但无权修改。"),
        ["access.delete"] = ("You may not delete this {0}.", "您无权删除此{0}。"),
        ["field.forbidden"] = ("{0} is not yours to change.", "您无权修改{0}。"),
        ["reference.record"] = ("{0}: there is no {1} with this id that you may see.", "{0}：找不到该{1}，或您无权查看。"),
        ["reference.user"] = ("{0}: there is no active user with this id.", "{0}：该用户不存在或已停用。"),
        ["controlCharacter"] = ("{0} contains a control character or an incomplete one; remove it.", "{0}包含控制字符或不完整的字符，请删除。"),
        // Why a rule or formula failed is the same few words for everyone; the exception's own text
        // (which can name .NET internals) goes only to the log and to Violation.Error.
        ["rule.error"] = ("Rule {0} could not be evaluated.", "规则 {0} 无法计算。"),
        ["rule.error.empty"] = ("Rule {0} could not be evaluated: a value it reads is empty.", "规则 {0} 无法计算：它读取的值为空。"),
        ["rule.error.noOld"] = ("Rule {0} could not be evaluated: it reads the old record, and a new record has none.", "规则 {0} 无法计算：它读取旧记录，而新记录没有旧记录。"),
        ["formula.error"] = ("Formula {0} could not be computed.", "公式 {0} 无法计算。"),
        ["formula.error.empty"] = ("Formula {0} could not be computed: a value it reads is empty.", "公式 {0} 无法计算：它读取的值为空。"),
        ["formula.range"] = ("Formula {0} gives a number outside the allowed range ({1} to {2}).", "公式 {0} 的结果超出允许范围（{1} 至 {2}）。"),
        ["formula.tooLong"] = ("Formula {0} gives text longer than {1} characters.", "公式 {0} 的结果超过 {1} 个字符。"),
        ["criteria.hidden"] = ("Criteria on fields you cannot see (someone who can see them completes them).", "涉及您无权查看的字段的条件（由有权查看的人完成）。"),
        ["unique.record"] = ("{0} must be unique: {1} “{2}” ({3}) already has this value.", "{0}必须唯一：{1}“{2}”（{3}）已使用该值。"),
        ["unique.other"] = ("{0} must be unique: another record already has this value.", "{0}必须唯一：其他记录已使用该值。"),
        ["delete.referenced.one"] = ("1 {1} still points to this record ({2}).", "仍有 1 条{1}通过“{2}”引用此记录。"),
        ["delete.referenced.many"] = ("{0} {1} still point to this record ({2}).", "仍有 {0} 条{1}通过“{2}”引用此记录。"),
        ["delete.cascadeForbidden"] = ("Deleting this record would also delete {0} {1} ({2}) that you may not delete.", "删除此记录将同时删除 {0} 条您无权删除的{1}（{2}）。"),
        ["script.failed"] = ("A script refused the save because it failed at {0}: {1}", "脚本在 {0} 处运行失败，保存被拒绝：{1}"),
        ["delete.referencesChanged"] = ("Records were linked to this one while it was being deleted; nothing was deleted. Try again.", "删除期间有其他记录关联到此记录，未删除任何内容，请重试。"),
    };

    /// <summary>Builds a message in every language; <paramref name="args"/> may be localized texts.</summary>
    public static LocalizedText Format(string key, params object?[] args)
    {
        var (en, zh) = Templates[key];
        return new LocalizedText(new Dictionary<string, string>
        {
            ["en"] = string.Format(CultureInfo.InvariantCulture, en, args.Select(a => Arg(a, "en")).ToArray()),
            ["zh-CN"] = string.Format(CultureInfo.InvariantCulture, zh, args.Select(a => Arg(a, "zh-CN")).ToArray()),
        });
    }

    private static object? Arg(object? value, string locale) => value is LocalizedText text ? text.Get(locale) : value;
}
