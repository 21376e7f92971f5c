using FsCheck;
using FsCheck.Fluent;
using Regsosek.Api.Infrastructure.Paging;

namespace Regsosek.Tests.Fuzz;

/// <summary>
/// Values thrown at every parameter: SQL fragments, path traversal, unicode, control characters, huge and malformed
/// numbers, overlong strings, plus values a parameter accepts (so that requests get past validation into the database).
/// Most hostile values carry <see cref="Marker"/>, which must never show up in any SQL text sent to PostgreSQL.
/// </summary>
public sealed class HostileValues(string marker, IReadOnlyDictionary<string, string[]> valid)
{
    public string Marker { get; } = marker;

    private static readonly string[] MarkedTemplates =
    [
        "' OR '1'='1 {m}", "18'; DROP TABLE region; --{m}", "18) UNION SELECT rolpassword FROM pg_authid --{m}", "'{m}'::text",
        "$1{m}", "@code{m}", ":code{m}", "%{m}%", "_{m}_", "\\{m}\\", "E'\\x00{m}'", "/*{m}*/", "{m}; SELECT pg_sleep(10)",
        "../../../../etc/passwd{m}", "..\\..\\..\\windows\\{m}", "%2e%2e%2f%2e%2e%2f{m}", "/{m}/../..", "file:///etc/{m}",
        "{m}名前", "{m}🙂🙂", "\u202e{m}", "İ{m}ıß", "ＩＤ{m}", "１８.７１{m}", "{m}\u0301\u0301\u0301", "{m}\t\v\f",
        "{m}\r\nX-Injected: 1", "<script>{m}</script>", "{{{m}}}", "%s%n%x{m}", "{m},{m},{m}", "ID,{m}", "18,{m},18.71",
        "latest{m}", "null{m}", "true{m}", "18.71.01.{m}", "{m}\u0000", "\u0000{m}",
    ];

    private static readonly string[] UnmarkedValues =
    [
        "", " ", "-1", "0", "-0", "1.5", "2147483647", "2147483648", "-2147483649", "99999999999999999999999999", "1e309", "NaN",
        "Infinity", "0x10", "１", "\u0000", ",", ",,,,", "ID", "18,18", "18,,18.71", "%", "%zz", "%00", "+", "..", ".", "/",
        string.Join(',', Enumerable.Repeat("18", 201)), new string('9', 300),
    ];

    private static readonly char[] Alphabet =
        "abcXYZ0189.,;:'\"\\/%&=?#+-_*()[]{}<>|!@$^~` \t\n\r\u0000\u00e9\u00df\u0130\u0131\u202e\u200b\ufeff\u4e2d\u6587\uff11\u0301".ToCharArray();

    /// <summary>A value for the named parameter: valid, hostile with the marker, hostile without it, or random characters.</summary>
    public Gen<string> For(string parameter) =>
        Gen.Frequency(
            (3, valid.TryGetValue(parameter, out var ok) ? Gen.Elements(ok) : Gen.Elements(UnmarkedValues)),
            (5, Gen.Elements(MarkedTemplates).Select(t => t.Replace("{m}", Marker))),
            (2, Gen.Elements(UnmarkedValues)),
            (2, RandomText().Select(t => t + Marker)),
            (1, Gen.Choose(1, 5000).Select(n => Marker + new string('x', n))),
            (1, Gen.Elements(MarkedTemplates).Select(t => PageCursor.Encode(t.Replace("{m}", Marker)))));

    public static Gen<string?> Accept() => Gen.Elements<string?>(
        null, "application/json", "text/csv", "application/json-stat+json", "application/problem+json", "*/*", "application/xml",
        "text/html", "garbage", "", ";;;", "application/json;q=abc", "text/csv;q=0, application/json;q=0", "*/*;q=0",
        "text/csv, application/json;q=0.1", "application/" + new string('x', 2000), "\u00e9/\u00e9", "application/json-stat+json;version=9");

    public static Gen<string?> IfNoneMatch() => Gen.Elements<string?>(null, null, null, "*", "\"x\"", "W/\"\"", "garbage", "\"" + new string('a', 1000) + "\"");

    private static Gen<string> RandomText() =>
        Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements(Alphabet), n)).Select(chars => new string(chars));
}
