using Acornima.Ast;
using Jint;

namespace FunnelStudio.Scripting;

/// <summary>
/// One JavaScript module of a package version, parsed and analysed once (<see cref="Engine.PrepareModule"/>
/// is thread-safe and reusable) and shared by every engine of the version's pool.
/// </summary>
public sealed class ScriptModule
{
    private ScriptModule(string path, Prepared<Module> prepared, IReadOnlySet<string> exports, IReadOnlyList<string> imports)
    {
        Path = path;
        Prepared = prepared;
        Exports = exports;
        Imports = imports;
    }

    /// <summary>The module's path in the package (<c>scripts/guard.js</c>): errors and stack traces name it.</summary>
    public string Path { get; }
    internal Prepared<Module> Prepared { get; }
    /// <summary>The names the module exports.</summary>
    public IReadOnlySet<string> Exports { get; }
    /// <summary>The modules it tries to import (not allowed: scripts get everything through <c>ctx</c>).</summary>
    public IReadOnlyList<string> Imports { get; }

    /// <summary>Parses <paramref name="source"/>; a syntax error comes back as a <see cref="ScriptError"/> with its line and column.</summary>
    public static (ScriptModule? Module, ScriptError? Error) Parse(string path, string source)
    {
        try
        {
            var prepared = Engine.PrepareModule(source, path);
            var (exports, imports) = Analyse(prepared.Program!);
            return (new ScriptModule(path, prepared, exports, imports), null);
        }
        catch (ScriptPreparationException e)
        {
            var parse = e.InnerException as Acornima.ParseErrorException;
            return (null, new ScriptError(ScriptErrorKind.Syntax, parse?.Description ?? e.Message, path, parse?.LineNumber, parse?.Column + 1));
        }
    }

    private static (HashSet<string> Exports, List<string> Imports) Analyse(Module program)
    {
        var exports = new HashSet<string>(StringComparer.Ordinal);
        var imports = new List<string>();
        foreach (var statement in program.Body)
        {
            switch (statement)
            {
                case ImportDeclaration import:
                    imports.Add(import.Source.Value?.ToString() ?? "?");
                    break;
                case ExportAllDeclaration all:
                    imports.Add(all.Source.Value?.ToString() ?? "?");
                    break;
                case ExportDefaultDeclaration:
                    exports.Add("default");
                    break;
                case ExportNamedDeclaration named:
                    if (named.Source is { } from) imports.Add(from.Value?.ToString() ?? "?");
                    switch (named.Declaration)
                    {
                        case FunctionDeclaration { Id: { } id }: exports.Add(id.Name); break;
                        case ClassDeclaration { Id: { } id }: exports.Add(id.Name); break;
                        case VariableDeclaration variables:
                            foreach (var declarator in variables.Declarations)
                                if (declarator.Id is Identifier name) exports.Add(name.Name);
                            break;
                    }
                    foreach (var specifier in named.Specifiers)
                        exports.Add(specifier.Exported switch { Identifier i => i.Name, Literal l => l.Value?.ToString() ?? "", _ => "" });
                    break;
            }
        }
        return (exports, imports);
    }
}
