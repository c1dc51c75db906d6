using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Loading;

/// <summary>
/// The loader's checks of the access model: each object's owner and amount fields, and each role's
/// permissions against the objects and fields they name. Every problem is reported with its path
/// in package.json or the object file.
/// </summary>
internal static class AccessChecker
{
    public static void Check(PackageDefinition package, DiagnosticBag bag)
    {
        foreach (var obj in package.Objects) CheckObject(obj, bag);
        foreach (var role in package.Roles) CheckRole(package, role, bag);
        if (package.Objects.Count > 0 && !package.Roles.Any(r => r.Admin))
            bag.Report(DiagnosticCodes.NoAdminRole, "package.json", "$.roles",
                "No role has \"admin\": true, so nobody could manage users, teams or the package from the portal.");
    }

    private static void CheckObject(ObjectDefinition obj, DiagnosticBag bag)
    {
        if (obj.OwnerField is { } ownerName)
        {
            var owner = obj.Field(ownerName);
            if (owner is null)
                bag.Report(DiagnosticCodes.UnknownFieldReference, obj.File, "$.ownerField",
                    $"Owner field '{ownerName}' is not a field of '{obj.Name}'.");
            else if (owner.Type != FieldType.User)
                bag.Report(DiagnosticCodes.WrongFieldRole, obj.File, "$.ownerField",
                    $"Owner field '{ownerName}' is a {FieldTypes.NameOf(owner.Type)} field; the owner must be a user field.");
        }
        if (obj.Pipeline?.AmountField is { } amountName)
        {
            var amount = obj.Field(amountName);
            if (amount is null)
                bag.Report(DiagnosticCodes.UnknownFieldReference, obj.File, "$.pipeline.amountField",
                    $"Amount field '{amountName}' is not a field of '{obj.Name}'.");
            else if (!FieldTypes.IsNumeric(amount.ValueType) || amount.ValueType == FieldType.Percent)
                bag.Report(DiagnosticCodes.WrongFieldRole, obj.File, "$.pipeline.amountField",
                    $"Amount field '{amountName}' holds {FieldTypes.NameOf(amount.ValueType)} values; the amount must be a currency or number field.");
        }
        if (obj.Pipeline?.CloseDateField is { } closeName)
        {
            var close = obj.Field(closeName);
            if (close is null)
                bag.Report(DiagnosticCodes.UnknownFieldReference, obj.File, "$.pipeline.closeDateField",
                    $"Close date field '{closeName}' is not a field of '{obj.Name}'.");
            else if (close.ValueType is not (FieldType.Date or FieldType.DateTime))
                bag.Report(DiagnosticCodes.WrongFieldRole, obj.File, "$.pipeline.closeDateField",
                    $"Close date field '{closeName}' holds {FieldTypes.NameOf(close.ValueType)} values; the expected close must be a date or datetime field.");
        }
        foreach (var field in obj.Fields)
        {
            if (field.Unique && field.Type is FieldType.LongText or FieldType.Boolean or FieldType.MultiPicklist or FieldType.Formula)
                bag.Report(DiagnosticCodes.UniqueNotSupported, obj.File, field.Path + ".unique",
                    $"Field '{field.Name}' is {FieldTypes.NameOf(field.Type)}, which cannot be unique.");
            if (field.OnDelete != LookupDeleteRule.Restrict && field.Type != FieldType.Lookup)
                bag.Report(DiagnosticCodes.InvalidValue, obj.File, field.Path + ".onDelete",
                    $"Field '{field.Name}' is not a lookup; only lookups have 'onDelete'.");
        }
    }

    private static void CheckRole(PackageDefinition package, RoleDefinition role, DiagnosticBag bag)
    {
        foreach (var (objectName, permission) in role.Permissions)
        {
            var obj = package.Object(objectName);
            if (obj is null)
            {
                bag.Report(DiagnosticCodes.UnknownPermissionObject, "package.json", permission.Path,
                    $"Role '{role.Name}' has permissions on '{objectName}', which the package does not define " +
                    $"(objects: {string.Join(", ", package.Objects.Select(o => o.Name))}).");
                continue;
            }
            CheckScopes(role, obj, permission, bag);
            foreach (var fieldName in permission.Fields.Keys.Where(f => obj.Field(f) is null))
                bag.Report(DiagnosticCodes.UnknownFieldReference, "package.json", $"{permission.Path}.fields.{fieldName}",
                    $"Role '{role.Name}' limits field '{fieldName}', which object '{objectName}' does not have.");
            // Titles name records wherever they are linked, the stage places them on the board and the
            // owner decides who reaches them: hiding one would show it anyway, so it may only be read-only.
            foreach (var field in obj.Fields.Where(f => (f.Name == obj.EffectiveTitleField || f.IsStageField || f.Name == obj.OwnerField)
                         && permission.Field(f.Name) == FieldAccess.Hidden))
                bag.Report(DiagnosticCodes.InvalidValue, "package.json", FieldPath(permission, field.Name),
                    $"Field '{field.Name}' is the title, stage or owner of '{objectName}' and cannot be hidden from role '{role.Name}'; use \"read\".");
            CheckFormulas(role, obj, permission, bag);
        }
    }

    /// <summary>A formula computes from what it reads: one the role sees would show a hidden field's value through it.</summary>
    private static void CheckFormulas(RoleDefinition role, ObjectDefinition obj, ObjectPermission permission, DiagnosticBag bag)
    {
        if (!permission.HidesAny) return;
        foreach (var formula in obj.Fields.Where(f => f.Type == FieldType.Formula && permission.Field(f.Name) != FieldAccess.Hidden))
        {
            var hidden = FieldReads.OfFormula(obj, formula).Where(f => obj.Field(f) is not null && permission.Field(f) == FieldAccess.Hidden).Order().ToList();
            if (hidden.Count > 0)
                bag.Report(DiagnosticCodes.FormulaRevealsHiddenField, "package.json", FieldPath(permission, formula.Name),
                    $"Formula '{formula.Name}' of '{obj.Name}' reads {string.Join(", ", hidden.Select(h => $"'{h}'"))}, hidden from role '{role.Name}', " +
                    $"so its value would show what is hidden; hide '{formula.Name}' from '{role.Name}' too.");
        }
    }

    /// <summary>Where a field's access for a permission is written: its own key, "*" for the rest, or where either would go.</summary>
    private static string FieldPath(ObjectPermission permission, string field) =>
        permission.Fields.ContainsKey(field) ? $"{permission.Path}.fields.{field}"
        : permission.OtherFields != FieldAccess.Write ? $"{permission.Path}.fields.*"
        : $"{permission.Path}.fields";

    private static void CheckScopes(RoleDefinition role, ObjectDefinition obj, ObjectPermission permission, DiagnosticBag bag)
    {
        foreach (var (key, scope) in new[] { ("read", permission.Read), ("edit", permission.Edit), ("delete", permission.Delete) })
        {
            if (scope is AccessScope.Own or AccessScope.Team && obj.OwnerField is null)
                bag.Report(DiagnosticCodes.ScopeWithoutOwner, "package.json", $"{permission.Path}.{key}",
                    $"Role '{role.Name}' has '{key}': '{Name(scope)}' on '{obj.Name}', which declares no ownerField; " +
                    "give it an ownerField or use none or all.");
            if (key != "read" && scope > permission.Read)
                bag.Report(DiagnosticCodes.InvalidValue, "package.json", $"{permission.Path}.{key}",
                    $"Role '{role.Name}' may {key} '{Name(scope)}' records of '{obj.Name}' but read only '{Name(permission.Read)}'; " +
                    $"'{key}' cannot reach further than 'read'.");
        }
    }

    private static string Name(AccessScope scope) => scope.ToString().ToLowerInvariant();
}
