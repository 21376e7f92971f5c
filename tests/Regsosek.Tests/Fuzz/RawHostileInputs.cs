using System.Text;
using Regsosek.Api.Infrastructure.Paging;

namespace Regsosek.Tests.Fuzz;

/// <summary>One hostile value as bytes on the wire (raw or percent-encoded), and the class of attack it belongs to.</summary>
public sealed record RawInput(string Class, byte[] Bytes)
{
    /// <summary>
    /// A raw byte Kestrel refuses in a request line before any middleware runs (the documented exception): anything
    /// above 0x7E, NUL, and CR or LF, which end the request line early. Other control characters reach the API.
    /// </summary>
    public bool HasByteKestrelRefuses => Bytes.Any(b => b is > 0x7E or 0x00 or 0x0D or 0x0A);

    public override string ToString() => $"{Class}: {Encoding.Latin1.GetString(Bytes).Replace("\0", "\\0")}";
}

/// <summary>
/// What an attacker writes into a URL byte by byte, where a client library would have encoded or refused it: raw bytes,
/// NUL, lone surrogates, non-characters, overlong and otherwise invalid UTF-8, percent-syntax errors, injection
/// fragments, forged cursors. Each carries the marker (ASCII, after the hostile part) that must never show in SQL text.
/// </summary>
public static class RawHostileInputs
{
    private static readonly (string Class, string Encoded)[] PercentEncoded =
    [
        ("NUL", "%00"), ("control character", "%01"), ("control character", "%1F"), ("control character", "%7F"),
        ("control character", "%C2%85"), ("line break injection", "%0D%0ASet-Cookie:%20x=1"),
        ("lone surrogate", "%ED%A0%80"), ("lone surrogate", "%ED%BF%BF"), ("lone surrogate", "%ED%A0%BDx"),
        ("surrogate pair as CESU-8", "%ED%A0%BD%ED%B8%80"),
        ("non-character", "%EF%BF%BE"), ("non-character", "%EF%BF%BF"), ("non-character", "%EF%B7%90"), ("non-character", "%F4%8F%BF%BF"),
        ("overlong UTF-8", "%C0%AF"), ("overlong UTF-8", "%C0%AE%C0%AE%C0%AF"), ("overlong UTF-8", "%C1%BF"), ("overlong UTF-8", "%E0%80%AF"),
        ("overlong UTF-8", "%F0%80%80%AF"), ("overlong UTF-8", "%C0%80"),
        ("invalid UTF-8", "%80"), ("invalid UTF-8", "%FF"), ("invalid UTF-8", "%C3"), ("invalid UTF-8", "%E2%82"), ("invalid UTF-8", "%F4%90%80%80"),
        ("invalid UTF-8", "%F8%88%80%80%80"), ("invalid UTF-8", "%FE%FF"),
        ("percent syntax", "%"), ("percent syntax", "%%"), ("percent syntax", "%G1"), ("percent syntax", "%u0041"), ("percent syntax", "%2"),
        ("percent syntax", "%252F"), ("encoded separator", "%2F..%2F..%2Fetc%2Fpasswd"), ("encoded separator", "%5C..%5C"),
        ("encoded separator", "%26region%3DID%23"), ("encoded separator", "%3F%3D%26"),
        ("invisible or look-alike text", "%E2%80%AE"), ("invisible or look-alike text", "%E2%80%8B"), ("invisible or look-alike text", "%EF%BB%BF"),
        ("invisible or look-alike text", "%EF%BC%91%EF%BC%98"), ("invisible or look-alike text", "18%CC%81"),
        ("SQL injection", "18'%20OR%20'1'='1"), ("SQL injection", "18%27%3B%20DROP%20TABLE%20region%3B--"),
        ("SQL injection", "%24%24%3B%20SELECT%20pg_sleep(10)%3B%24%24"), ("markup injection", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        ("huge number", "99999999999999999999999999999999"), ("long value", new string('a', 3000)),
    ];

    private static readonly (string Class, byte[] Raw)[] RawBytes =
    [
        ("raw NUL", [0x00]), ("raw control character", [0x01]), ("raw control character", [0x1F]), ("raw tab", [0x09]), ("raw DEL", [0x7F]),
        ("raw byte", [0x80]), ("raw byte", [0xFF]), ("raw UTF-8", [0xC3, 0xA9]), ("raw lone surrogate", [0xED, 0xA0, 0x80]),
        ("raw non-character", [0xEF, 0xBF, 0xBF]), ("raw overlong UTF-8", [0xC0, 0xAF]), ("raw line break", [0x0D, 0x0A]),
    ];

    public static IReadOnlyList<RawInput> Values(string marker) =>
    [
        .. PercentEncoded.Select(v => new RawInput(v.Class, Encoding.ASCII.GetBytes(v.Encoded + marker))),
        .. RawBytes.Select(v => new RawInput(v.Class, [.. v.Raw, .. Encoding.ASCII.GetBytes(marker)])),
    ];

    /// <summary>
    /// Cursors an attacker makes instead of taking them from a page: the real format around hostile keys, broken
    /// base64, a real cursor altered, truncated or padded, and a real cursor of another collection.
    /// </summary>
    public static IReadOnlyList<RawInput> Cursors(string marker, string realCursor, string otherCollectionsCursor)
    {
        string[] keys =
        [
            $"18.71' OR '1'='1 {marker}", $"18.71\u0000{marker}", $"{marker}\ud800", $"{marker}\uffff", $"99.99.99.9999{marker}", marker,
            $"18.71,{marker}", new string('9', 60) + marker, $"%{marker}%", $"18.71'::text; SELECT pg_sleep(10); --{marker}",
        ];
        var forged = keys.Select(k => ("forged cursor", PageCursor.Encode(k)))
            .Append(("forged cursor", Convert.ToBase64String(Encoding.UTF8.GetBytes("k1:18.71" + marker))))
            .Append(("forged cursor", Convert.ToBase64String([.. Encoding.ASCII.GetBytes("k1:"), 0xED, 0xA0, 0x80, .. Encoding.ASCII.GetBytes(marker)])))
            .Append(("forged cursor", Convert.ToBase64String([.. Encoding.ASCII.GetBytes("k1:"), 0xC0, 0xAF, .. Encoding.ASCII.GetBytes(marker)])))
            .Append(("altered cursor", realCursor[..^2] + (realCursor[^2] == 'A' ? "B" : "A") + realCursor[^1] + marker))
            .Append(("altered cursor", realCursor[..(realCursor.Length / 2)] + marker))
            .Append(("altered cursor", realCursor + "==" + marker))
            .Append(("altered cursor", realCursor.Replace('-', '+').Replace('_', '/') + marker))
            .Append(("altered cursor", new string('A', 5000) + marker))
            .Append(("another collection's cursor", otherCollectionsCursor));
        return forged.Select(c => new RawInput(c.Item1, Encoding.ASCII.GetBytes(Uri.EscapeDataString(c.Item2)))).ToList();
    }
}
