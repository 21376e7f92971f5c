using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Regsosek.Tests.Infrastructure;

/// <summary>One HTTP/1.1 answer as it came off the socket.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public override string ToString() =>
        $"{Status} {string.Join("; ", Headers.Select(h => $"{h.Key}: {h.Value}"))} {(Text.Length > 300 ? Text[..300] + "…" : Text)}";
}

/// <summary>
/// Requests written byte by byte on a TCP socket, for what HttpClient (and the in-memory test server) would refuse to
/// send or would normalise on the way: raw non-ASCII and NUL in the target, overlong encodings, a forged Host.
/// Every request asks the server to close the connection, so the answer ends where the stream does.
/// </summary>
public static class RawHttp
{
    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>A GET of <paramref name="target"/> (bytes as they go on the wire) with Host and any extra header lines.</summary>
    public static byte[] Get(byte[] target, string host = "localhost", params string[] headers) =>
        Request("GET", target, host, headers);

    public static byte[] Get(string target, string host = "localhost", params string[] headers) =>
        Request("GET", Latin1.GetBytes(target), host, headers);

    public static byte[] Request(string method, byte[] target, string host = "localhost", params string[] headers)
    {
        var head = new StringBuilder();
        head.Append("\r\nHost: ").Append(host).Append("\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }
        head.Append("Connection: close\r\n\r\n");
        return [.. Latin1.GetBytes(method + " "), .. target, .. Latin1.GetBytes(" HTTP/1.1"), .. Latin1.GetBytes(head.ToString())];
    }

    /// <summary>
    /// Sends the request and reads the answer to its end; with <paramref name="headOnlyUnlessError"/> a successful answer
    /// is read only up to its head (an export streams a whole release, which a caller checking statuses has no need of).
    /// </summary>
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, IPAddress? from = null, bool headOnlyUnlessError = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (from is not null)
        {
            socket.Bind(new IPEndPoint(from, 0));
        }
        await socket.ConnectAsync(server.Host, server.Port, timeout.Token);
        await socket.SendAsync(request, SocketFlags.None, timeout.Token);
        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                if (headOnlyUnlessError && SuccessfulHeadLength(received) is { } head)
                {
                    return Parse(received.ToArray()[..head]);
                }
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset && received.Length > 0)
        {
            // The server answered and closed before reading all of a long request; the answer is what counts.
        }
        return Parse(received.ToArray());
    }

    /// <summary>The length of the head with its blank line, once all of it has arrived, for a status below 400.</summary>
    private static int? SuccessfulHeadLength(MemoryStream received)
    {
        var bytes = received.GetBuffer().AsSpan(0, (int)received.Length);
        var end = bytes.IndexOf("\r\n\r\n"u8);
        return end > 9 && bytes[9] is (byte)'1' or (byte)'2' or (byte)'3' ? end + 4 : null;
    }

    private static RawResponse Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end > 0, $"no HTTP head in {bytes.Length} bytes: {Latin1.GetString(bytes)}");
        var lines = Latin1.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }
        var body = bytes[(end + 4)..];
        if (body.Length == 0)
        {
            return new RawResponse(status, headers, body);
        }
        return new RawResponse(status, headers,
            headers.GetValueOrDefault("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true ? Unchunk(body) : body);
    }

    private static byte[] Unchunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Latin1.GetString(chunked, position, lineEnd).Split(';')[0], 16);
            position += lineEnd + 2;
            if (size == 0)
            {
                return body.ToArray();
            }
            body.Write(chunked, position, size);
            position += size + 2;
        }
    }
}
