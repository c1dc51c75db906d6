using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>
/// Checks what notification rules name against the rest of the package: the object, the stage (of
/// its pipeline, and only for stageChanged), the template, the roles, and the fields recipients are
/// read from (user fields of the object); ownerManager needs an owner.
/// </summary>
internal static class NotificationRuleChecker
{
    public static void Check(PackageDefinition package, DiagnosticBag bag)
    {
        var roles = package.Roles.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var rule in package.NotificationRules)
        {
            if (!package.Templates.ContainsKey(rule.Template))
                bag.Report(DiagnosticCodes.NotificationUnknownTemplate, rule.File, rule.Path + ".template",
                    $"Notification rule '{rule.Name}' uses template '{rule.Template}', but there is no templates/{rule.Template}.sbn.");
            var obj = package.Object(rule.Object);
            if (obj is null)
            {
                bag.Report(DiagnosticCodes.NotificationUnknownObject, rule.File, rule.Path + ".object",
                    $"Notification rule '{rule.Name}' names object '{rule.Object}', which the package does not define.");
                continue;
            }
            CheckStage(rule, obj, bag);
            for (var i = 0; i < rule.To.Count; i++)
                CheckParty(rule, obj, rule.To[i], rule.To.Count == 1 ? rule.Path + ".to" : $"{rule.Path}.to[{i}]", roles, bag);
        }
    }

    private static void CheckStage(NotificationRuleDefinition rule, ObjectDefinition obj, DiagnosticBag bag)
    {
        if (rule.Stage is not { } stage) return;
        var path = rule.Path + ".stage";
        if (rule.Event != NotificationEvent.StageChanged)
            bag.Report(DiagnosticCodes.NotificationUnknownStage, rule.File, path, $"Notification rule '{rule.Name}' names a stage, which only a stageChanged rule can.");
        else if (obj.Pipeline is null)
            bag.Report(DiagnosticCodes.NotificationUnknownStage, rule.File, path, $"Notification rule '{rule.Name}' names stage '{stage}', but '{obj.Name}' has no pipeline.");
        else if (obj.Pipeline.Find(stage) is null)
            bag.Report(DiagnosticCodes.NotificationUnknownStage, rule.File, path,
                $"Notification rule '{rule.Name}' names stage '{stage}', which is not one of '{obj.Name}' ({string.Join(", ", obj.Pipeline.Stages.Select(s => s.Name))}).");
    }

    private static void CheckParty(NotificationRuleDefinition rule, ObjectDefinition obj, Party party, string path, HashSet<string> roles, DiagnosticBag bag)
    {
        switch (party.Kind)
        {
            case PartyKind.Role when !roles.Contains(party.Value!):
                bag.Report(DiagnosticCodes.NotificationUnknownRole, rule.File, path + ".role",
                    $"Notification rule '{rule.Name}' sends to role '{party.Value}', which package.json does not define.");
                break;
            case PartyKind.Field when obj.Field(party.Value!) is null:
                bag.Report(DiagnosticCodes.NotificationBadField, rule.File, path + ".field",
                    $"Notification rule '{rule.Name}' sends to field '{party.Value}', which '{obj.Name}' does not have.");
                break;
            case PartyKind.Field when obj.Field(party.Value!)!.Type != FieldType.User:
                bag.Report(DiagnosticCodes.NotificationBadField, rule.File, path + ".field",
                    $"Notification rule '{rule.Name}' sends to field '{party.Value}', which is not a user field.");
                break;
            case PartyKind.OwnerManager when obj.OwnerField is null:
                bag.Report(DiagnosticCodes.NotificationOwnerManagerWithoutOwner, rule.File, path + ".ownerManager",
                    $"Notification rule '{rule.Name}' sends to the owner's manager, but '{obj.Name}' declares no ownerField.");
                break;
        }
    }
}
