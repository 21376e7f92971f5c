using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Regsosek.Tests.Infrastructure;

/// <summary>
/// A client that sends one GET and then reads its answer a little at a time (a small receive window, a few KB/s), as a
/// phone on a bad line or a deliberate attacker would: the server's request stays in progress for as long as it reads.
/// </summary>
public sealed class SlowReader : IAsyncDisposable
{
    private const int ReceiveWindowBytes = 4096;
    private const int BytesPerRead = 512;
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(200);

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<string> _head = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reading = Task.CompletedTask;

    private SlowReader(Socket socket) => _socket = socket;

    /// <summary>The status line and headers, once they have arrived.</summary>
    public Task<string> Head => _head.Task;

    public bool Answered => _head.Task.IsCompletedSuccessfully;

    public int Status => int.Parse(_head.Task.Result.Split(' ')[1]);

    public static async Task<SlowReader> StartAsync(Uri server, string path, IPAddress from)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = ReceiveWindowBytes };
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(server.Host, server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server.Host}\r\nConnection: close\r\n\r\n"), SocketFlags.None);
        var reader = new SlowReader(socket);
        reader._reading = reader.ReadAsync();
        return reader;
    }

    private async Task ReadAsync()
    {
        var received = new StringBuilder();
        var buffer = new byte[BytesPerRead];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    break;
                }
                if (!_head.Task.IsCompleted)
                {
                    received.Append(Encoding.Latin1.GetString(buffer, 0, read));
                    var end = received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end >= 0)
                    {
                        _head.TrySetResult(received.ToString(0, end));
                    }
                }
                await Task.Delay(ReadEvery, _stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        _head.TrySetException(new IOException($"the connection ended before a whole head arrived: {received}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
