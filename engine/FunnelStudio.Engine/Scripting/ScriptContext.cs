using Jint;
using Jint.Native;
using Jint.Native.Json;
using Jint.Runtime;
using Jint.Runtime.Descriptors;
using Jint.Runtime.Interop;

namespace FunnelStudio.Scripting;

/// <summary>
/// Builds <c>ctx</c> for one run on one engine. The host functions are made once per engine (frozen,
/// bound to whichever run is current: an engine serves one run at a time); the values are built per
/// run by <see cref="FrozenJson"/> already frozen — non-writable, non-configurable, not extensible — so
/// a script writing to anything the host passed gets a TypeError, at a fraction of the cost of calling
/// <c>Object.freeze</c> from script for every object. The user and the settings repeat from run to run
/// (one user saves many records; a plugin's settings change only with the version), so an engine keeps
/// their frozen values by their JSON text: being frozen, one value serves any number of runs.
/// </summary>
internal sealed class ScriptContext
{
    private const int MaxShared = 64;

    private readonly Engine _engine;

    private readonly FrozenJson _json;
    private readonly Dictionary<string, JsValue> _shared = new(StringComparer.Ordinal);
    private readonly JsonSerializer _serializer;
    private readonly JsValue _freeze;
    private readonly JsValue _addError, _set, _log, _query, _webhook;
    // The host functions, on a frozen object every ctx of this engine inherits from: a ctx then has
    // only its values as own properties, which keeps it small enough to build per run cheaply.
    private readonly JsObject _functions;
    private IScriptHostApi _host = null!;
    private List<string> _logs = null!;

    public ScriptContext(Engine engine, JsValue nativeFreeze)
    {
        _engine = engine;
        _json = new FrozenJson(engine, nativeFreeze);
        _serializer = new JsonSerializer(engine);
        _freeze = nativeFreeze;
        _addError = Function("addError", 2, args => _host.AddError(
            args.Length > 1 && !args[0].IsNull() && !args[0].IsUndefined() ? TypeConverter.ToString(args[0]) : null,
            TypeConverter.ToString(args.Length > 1 ? args[1] : args.Length == 1 ? args[0] : "")));
        _set = Function("set", 2, args =>
        {
            if (args.Length < 2 || !args[0].IsString()) throw new ScriptHostException("ctx.set(field, value) needs a field name and a value.");
            _host.Set(args[0].AsString(), Json(args[1]));
        });
        _log = Function("log", 1, args =>
        {
            if (_logs.Count >= ScriptRunner.MaxLogs) return;
            var text = string.Join(" ", args.Select(a => a.IsString() ? a.AsString() : _serializer.Serialize(a) is { } s && !s.IsUndefined() ? s.AsString() : TypeConverter.ToString(a)));
            _logs.Add(text.Length > ScriptRunner.MaxLogLength ? text[..ScriptRunner.MaxLogLength] + "…" : text);
            _host.Log(_logs[^1]);
        });
        _query = Freeze(new ClrFunction(engine, "query", (_, args) =>
        {
            if (args.Length < 1 || !args[0].IsString()) throw Refused("ctx.query(object, filter, limit) needs an object name.");
            var filter = args.Length > 1 && args[1].IsObject() ? Json(args[1]) : "{}";
            var limit = args.Length > 2 && args[2].IsNumber() ? (int)Math.Clamp(args[2].AsNumber(), 1, ScriptingOptions.MaxQueryRows) : 20;
            try
            {
                return _json.Parse(_host.Query(args[0].AsString(), filter, limit));
            }
            catch (ScriptHostException e)
            {
                throw Refused(e.Message);
            }
        }, 3));
        _webhook = Function("webhook", 2, args =>
        {
            if (args.Length < 2 || !args[0].IsString()) throw new ScriptHostException("ctx.webhook(url, body) needs a URL and a body.");
            _host.Webhook(args[0].AsString(), Json(args[1]), args.Length > 2 && args[2].IsString() ? args[2].AsString() : null);
        });
        _functions = new JsObject(engine);
        Set(_functions, "addError", _addError);
        Set(_functions, "set", _set);
        Set(_functions, "log", _log);
        Set(_functions, "query", _query);
        Set(_functions, "webhook", _webhook);
        _functions.PreventExtensions();
    }

    public JsValue Build(ScriptRun run, IScriptHostApi host, List<string> logs)
    {
        _host = host;
        _logs = logs;
        var ctx = new JsObject(_engine);
        ctx.Prototype = _functions;
        Set(ctx, "object", run.Object);
        Set(ctx, "event", run.Event);
        Set(ctx, "record", _json.Parse(run.RecordJson));
        Set(ctx, "old", run.OldJson is null ? JsValue.Null : _json.Parse(run.OldJson));
        Set(ctx, "user", Shared(run.UserJson));
        Set(ctx, "settings", Shared(run.SettingsJson));
        if (run.StageJson is not null) Set(ctx, "stage", _json.Parse(run.StageJson));
        if (run.ApprovalJson is not null) Set(ctx, "approval", _json.Parse(run.ApprovalJson));
        ctx.PreventExtensions();
        return ctx;
    }

    /// <summary>
    /// Lets go of the run's host and logs. An idle engine sits in its pool for a long time; holding the
    /// last run's host would keep that save's whole request (its services, its database context) alive
    /// and promote it from generation to generation — with one engine per concurrent save, that doubled
    /// the gen-1 collections of a busy portal.
    /// </summary>
    public void Release()
    {
        _host = null!;
        _logs = null!;
    }

    /// <summary>The frozen value of a JSON text that recurs across runs, built once per engine.</summary>
    private JsValue Shared(string json)
    {
        if (_shared.TryGetValue(json, out var value)) return value;
        if (_shared.Count >= MaxShared) _shared.Clear();
        return _shared[json] = _json.Parse(json);
    }

    private ClrFunction Freeze(ClrFunction function)
    {
        _engine.Call(_freeze, function);
        return function;
    }

    private static void Set(JsObject ctx, string name, JsValue value) =>
        ctx.FastSetProperty(name, new PropertyDescriptor(value, PropertyFlag.OnlyEnumerable));

    private string Json(JsValue value) => _serializer.Serialize(value) is { } s && !s.IsUndefined() ? s.AsString() : "null";

    private ClrFunction Function(string name, int length, Action<JsValue[]> action) =>
        Freeze(new ClrFunction(_engine, name, (_, args) =>
        {
            try
            {
                action(args);
            }
            catch (ScriptHostException e)
            {
                throw Refused(e.Message);
            }
            return JsValue.Undefined;
        }, length));

    private JavaScriptException Refused(string message) => new(_engine.Intrinsics.TypeError, message);
}
