using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Cairn.Protocol;
using CsCheck;

namespace Cairn.Tests.Security;

/// <summary>One generated request: the raw text (or bytes) to send and a short label of how it was made.</summary>
internal sealed record FuzzCase(string Kind, string Text, byte[]? RawBytes = null)
{
    public override string ToString() => $"{Kind}: {(Text.Length > 400 ? Text[..400] + $"… ({Text.Length} chars)" : Text)}";
}

/// <summary>
/// CsCheck generators of hostile input: random JSON, valid envelopes with random or wrongly typed params for
/// every method in the table, huge strings, deep nesting, odd unicode, nulls, broken text.
/// </summary>
internal static class FuzzGen
{
    private static readonly string[] OddStrings =
    [
        "", " ", "main", "MAIN", "Main", "work", "-", "a--b", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
        "\u0000", "\u0007bell", "tab\there", "line\nbreak", "\u202Eevil", "e\u0301", "💥🔥", "ﷺ", "\uFEFFbom", "null", "undefined",
        "ab\u0000cd", "wor\u0000k", "Work\u200B", "W\u200Dork", "\u2066Work\u2069", "Wo\u00ADrk", "👨\u200D👩\u200D👧",
        "../../etc/passwd", "'; DROP TABLE sessions; --", "%00", "\\", "{}", "[]", "updated", "created", "label", "00000000-0000-0000-0000-000000000000",
    ];

    // Raw JSON string literals a serializer would never write: lone surrogates, escaped NUL, odd escapes.
    private static readonly string[] RawStringLiterals = ["\"\\ud800\"", "\"\\udc00x\"", "\"a\\uD83D\\uDE00b\"", "\"\\u0000\"", "\"\\/\"", "\"\\uFFFF\""];

    private static readonly string[] RawNumbers = ["0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "1e400", "-1e-400", "1.5", "0.0000001", "1E2", "200", "201"];

    public static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz ABC-_0123456789"], 0, 24]),
        (2, Gen.String[Gen.Char, 0, 40]),
        (2, Gen.OneOf<string>(OddStrings)),
        (1, Gen.Int[500, 80_000].Select(n => new string('x', n))));

    public static readonly Gen<string> Scalar = Gen.Frequency(
        (2, Gen.Const("null")),
        (1, Gen.Bool.Select(b => b ? "true" : "false")),
        (2, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int[-5, 300].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
        (1, Gen.OneOf<string>(RawNumbers)),
        (5, Text.Select(Quote)),
        (1, Gen.OneOf<string>(RawStringLiterals)));

    public static readonly Gen<string> Json = Gen.Recursive<string>((depth, self) => depth >= 3 ? Scalar : Gen.Frequency(
        (6, Scalar),
        (1, self.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
        (1, Gen.Select(Text.Select(Quote), self).Array[0, 4].Select(Object))));

    public static readonly Gen<string> DeepNesting = Gen.Select(Gen.Int[20, 4000], Gen.Bool).Select((n, arrays) =>
        arrays ? new string('[', n) + new string(']', n) : string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n));

    /// <summary>Params shaped for a real method: its own parameter names (and a stranger), with any values.</summary>
    public static Gen<string> ParamsFor(MethodDescriptor method)
    {
        var names = ParameterNames(method.ParamsType);
        var name = Gen.Frequency((8, names.Length == 0 ? Gen.Const("x") : Gen.OneOf<string>(names)), (1, Text));
        var value = Gen.Frequency((3, Json), (2, Plausible), (1, DeepNesting));
        return Gen.Select(name.Select(Quote), value).Array[0, 5].Select(Object);
    }

    public static Gen<FuzzCase> Http(MethodTable table) => Gen.Frequency(
        (10, Gen.Select(MethodName(table), Params(table)).Select((m, p) => new FuzzCase("envelope", $$"""{"method":{{Quote(m)}},"params":{{p}}}"""))),
        (2, Json.Select(j => new FuzzCase("json", j))),
        (1, Gen.Select(Json, Params(table)).Select((m, p) => new FuzzCase("method-type", $$"""{"method":{{m}},"params":{{p}}}"""))),
        (1, Gen.Select(MethodName(table), Text, Json).Select((m, k, v) => new FuzzCase("extra-field", $$"""{"method":{{Quote(m)}},{{Quote(k)}}:{{v}}}"""))),
        (1, DeepNesting.Select(d => new FuzzCase("deep", $$$"""{"method":"sessions.list","params":{"search":{{{d}}}}}"""))),
        (1, Broken(MethodName(table), Params(table))),
        (1, Gen.Byte.Array[1, 64].Select(b => new FuzzCase("bytes", Convert.ToHexString(b), b))),
        (1, InvalidUtf8(Gen.Select(MethodName(table), Params(table)).Select((m, p) => $$"""{"method":{{Quote(m)}},"params":{{p}}}"""))),
        (2, DuplicateKeys(MethodName(table), Params(table), "")),
        (1, Nul.Select(s => new FuzzCase("nul", """{"method":"sessions.list","params":{"search":""" + Quote(s) + "}}"))),
        (1, NulInText(table, "")),
        (1, RawNul(Gen.Select(MethodName(table), Params(table)).Select((m, p) => $$"""{"method":{{Quote(m)}},"params":{{p}}}"""))));

    public static Gen<FuzzCase> Ws(MethodTable table) => Gen.Frequency(
        (10, Gen.Select(Gen.Int[0, 1_000_000], MethodName(table), Params(table)).Select((id, m, p) =>
            new FuzzCase("frame", $$"""{"type":"req","id":"f{{id}}","method":{{Quote(m)}},"params":{{p}}}"""))),
        (2, Json.Select(j => new FuzzCase("json", j))),
        (1, Gen.Select(Json, Json, MethodName(table)).Select((type, id, m) => new FuzzCase("frame-fields", $$"""{"type":{{type}},"id":{{id}},"method":{{Quote(m)}}}"""))),
        (1, DeepNesting.Select(d => new FuzzCase("deep", $$"""{"type":"req","id":"d","method":"sessions.get","params":{{d}}}"""))),
        (1, Broken(MethodName(table), Params(table))),
        (2, DuplicateKeys(MethodName(table), Params(table), "\"type\":\"req\",\"id\":\"dup\",")),
        (1, Nul.Select(s => new FuzzCase("nul", """{"type":"req","id":"n","method":"sessions.list","params":{"search":""" + Quote(s) + "}}"))),
        (1, NulInText(table, "\"type\":\"req\",\"id\":\"nul\",")),
        (1, RawNul(Gen.Select(MethodName(table), Params(table)).Select((m, p) => $$"""{"type":"req","id":"raw","method":{{Quote(m)}},"params":{{p}}}"""))));

    /// <summary>
    /// A text WebSocket frame whose bytes are not UTF-8 somewhere (the method, a key, a value, between tokens): the
    /// socket itself must close with 1007, and only that socket.
    /// </summary>
    public static Gen<FuzzCase> WsInvalidUtf8(MethodTable table) =>
        InvalidUtf8(Gen.Select(MethodName(table), Params(table)).Select((m, p) => $$"""{"type":"req","id":"u","method":{{Quote(m)}},"params":{{p}}}"""));

    /// <summary>Text with NUL characters in it (escaped as JSON writes them).</summary>
    private static readonly Gen<string> Nul = Gen.Select(Text, Text).Select((a, b) => a + "\0" + b);

    // Byte sequences that are not UTF-8: stray continuation and invalid lead bytes, a cut sequence, an encoded
    // surrogate, an overlong slash, a 5-byte form.
    private static readonly byte[][] NotUtf8 = [[0xFF], [0xFE], [0x80], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82]];

    /// <summary>A body with bytes that are not UTF-8 put anywhere: inside the method, a key, a value, or between tokens.</summary>
    private static Gen<FuzzCase> InvalidUtf8(Gen<string> body) =>
        Gen.Select(body, Gen.Double[0, 1], Gen.Int[0, NotUtf8.Length - 1]).Select((text, at, which) =>
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var index = (int)(at * bytes.Length);
            byte[] raw = [.. bytes[..index], .. NotUtf8[which], .. bytes[index..]];
            return new FuzzCase("invalid-utf8", Convert.ToHexString(raw), raw);
        });

    /// <summary>
    /// An object with one key twice: the method at the top, the params object, a parameter, a key deep inside a
    /// value, or the same name spelt once plainly and once with a <c>\u</c> escape (one key once unescaped).
    /// </summary>
    private static Gen<FuzzCase> DuplicateKeys(Gen<string> method, Gen<string> parameters, string prefix) =>
        Gen.Select(method, method, parameters, Gen.Int[0, 4]).Select((first, second, p, where) => new FuzzCase("duplicate-key", where switch
        {
            0 => "{" + prefix + "\"method\":" + Quote(first) + ",\"method\":" + Quote(second) + ",\"params\":" + p + "}",
            1 => "{" + prefix + "\"method\":" + Quote(first) + ",\"params\":" + p + ",\"params\":{\"key\":\"main\"}}",
            2 => "{" + prefix + "\"method\":" + Quote(first) + ""","params":{"key":"main","key":"main","label":"a","label":"b"}}""",
            3 => "{" + prefix + "\"method\":" + Quote(first) + ""","params":{"key":"main","metadata":{"a":[{"b":1,"b":2}]}}}""",
            _ => "{" + prefix + "\"method\":" + Quote(first) + ",\"\\u006dethod\":" + Quote(second) + ",\"params\":" + p + "}",
        }));

    /// <summary>NUL (escaped, as JSON allows) in the method name, a parameter's name, or any parameter's value of any method.</summary>
    private static Gen<FuzzCase> NulInText(MethodTable table, string prefix) =>
        Gen.Select(Gen.OneOf<MethodDescriptor>([.. table.Methods]), Nul, Gen.Int[0, 2]).Select((m, nul, where) =>
        {
            var names = ParameterNames(m.ParamsType);
            var name = names.Length == 0 ? "x" : names[Math.Abs(nul.Length) % names.Length];
            return new FuzzCase("nul-anywhere", where switch
            {
                0 => "{" + prefix + "\"method\":" + Quote(m.Name[..(m.Name.Length / 2)] + "\0" + m.Name[(m.Name.Length / 2)..]) + "}",
                1 => "{" + prefix + "\"method\":" + Quote(m.Name) + ",\"params\":{" + Quote(name + "\0") + ":\"x\"}}",
                _ => "{" + prefix + "\"method\":" + Quote(m.Name) + ",\"params\":{" + Quote(name) + ":" + Quote(nul) + "}}",
            });
        });

    /// <summary>A raw NUL byte (not the <c>\u0000</c> escape) put anywhere in a valid body; JSON allows it nowhere.</summary>
    private static Gen<FuzzCase> RawNul(Gen<string> body) =>
        Gen.Select(body, Gen.Double[0, 1]).Select((text, at) =>
        {
            var index = (int)(at * text.Length);
            return new FuzzCase("raw-nul", text[..index] + "\0" + text[index..]);
        });

    private static Gen<string> MethodName(MethodTable table) => Gen.Frequency(
        (12, Gen.OneOf<string>([.. table.Names])),
        (1, Gen.OneOf<string>("connect", "", "sessions.", "SESSIONS.LIST", "sessions.list ", "__proto__", "constructor")),
        (1, Text));

    private static Gen<string> Params(MethodTable table) => Gen.Frequency(
        (6, Gen.OneOf<string>(table.Methods.Select(ParamsFor).ToArray<IGen<string>>())),
        (1, Json),
        (1, Gen.Const("null")));

    private static readonly Gen<string> Plausible = Gen.Frequency(
        (3, Gen.OneOf<string>("\"main\"", "\"work\"", "\"Main\"", "true", "false", "1", "50", "\"updated\"", "\"label\"", "null")),
        (2, Gen.String[Gen.Char["abcdefghij-0123456789"], 1, 70].Select(Quote)));

    /// <summary>A valid body cut short, or with a byte flipped into something else.</summary>
    private static Gen<FuzzCase> Broken(Gen<string> method, Gen<string> parameters) =>
        Gen.Select(method, parameters, Gen.Double[0, 1], Gen.Char).Select((m, p, at, c) =>
        {
            var whole = $$"""{"method":{{Quote(m)}},"params":{{p}}}""";
            var cut = (int)(at * whole.Length);
            return new FuzzCase("broken", c % 2 == 0 ? whole[..cut] : whole[..cut] + c + whole[cut..]);
        });

    private static string[] ParameterNames(Type type) =>
        [.. type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).SelectMany(c => c.GetParameters())
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!)).Distinct()];

    private static string Object(IEnumerable<(string Key, string Value)> members) =>
        "{" + string.Join(",", members.Select(m => $"{m.Key}:{m.Value}")) + "}";

    /// <summary>A JSON string literal for any .NET string (lone surrogates become U+FFFD on the wire, as UTF-8 demands).</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var ch in text)
        {
            _ = ch switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                < ' ' => sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:x4}"),
                _ => sb.Append(ch),
            };
        }

        return sb.Append('"').ToString();
    }
}
