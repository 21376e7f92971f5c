using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Regsosek.Tests.Observability;

/// <summary>
/// A stand-in OpenTelemetry collector on a free loopback port: it accepts OTLP/HTTP protobuf trace exports at
/// /v1/traces and keeps the spans, decoded from the wire format (only the fields the tests read).
/// </summary>
public sealed class OtlpTraceReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();

    private OtlpTraceReceiver(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public static async Task<OtlpTraceReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new OtlpTraceReceiver(builder.Build());
        receiver._app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in OtlpSpanDecoder.Decode(body.ToArray()))
            {
                receiver._spans.Enqueue(span);
            }
            return Results.Bytes([], "application/x-protobuf");
        });
        await receiver._app.StartAsync();
        receiver.Endpoint = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedSpan>> WaitForAsync(Func<IReadOnlyList<ReceivedSpan>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Spans) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        return Spans;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

public sealed record ReceivedSpan(string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, long Kind,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// Reads ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) from the protobuf wire format:
/// resource_spans(1) > scope_spans(2) > scope(1).name(1) and spans(2) > trace_id(1), span_id(2), parent_span_id(4),
/// name(5), kind(6), attributes(9) > key(1), value(2).string_value(1).
/// </summary>
public static class OtlpSpanDecoder
{
    public static IEnumerable<ReceivedSpan> Decode(byte[] request) =>
        from resourceSpans in Messages(request, 1)
        from scopeSpans in Messages(resourceSpans, 2)
        let scope = Messages(scopeSpans, 1).Select(s => Text(s, 1)).FirstOrDefault() ?? ""
        from span in Messages(scopeSpans, 2)
        select new ReceivedSpan(scope, Hex(span, 1), Hex(span, 2), Hex(span, 4), Text(span, 5),
            Fields(span).Where(f => f.Number == 6).Select(f => (long)f.Varint).FirstOrDefault(),
            Messages(span, 9).ToDictionary(kv => Text(kv, 1), kv => Messages(kv, 2).Select(v => Text(v, 1)).FirstOrDefault() ?? ""));

    private static IEnumerable<byte[]> Messages(byte[] message, int number) =>
        Fields(message).Where(f => f.Number == number && f.Bytes is not null).Select(f => f.Bytes!);

    private static string Text(byte[] message, int number) =>
        Messages(message, number).Select(b => System.Text.Encoding.UTF8.GetString(b)).FirstOrDefault() ?? "";

    private static string Hex(byte[] message, int number) =>
        Messages(message, number).Select(b => Convert.ToHexStringLower(b)).FirstOrDefault() ?? "";

    private static List<(int Number, ulong Varint, byte[]? Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, ulong, byte[]?)>();
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message, ref position);
            var number = (int)(key >> 3);
            switch (key & 7)
            {
                case 0:
                    fields.Add((number, ReadVarint(message, ref position), null));
                    break;
                case 1:
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    fields.Add((number, 0, message[position..(position + length)]));
                    position += length;
                    break;
                case 5:
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"unexpected protobuf wire type {key & 7}");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(byte[] message, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = message[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
