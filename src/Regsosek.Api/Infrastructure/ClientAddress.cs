using System.Net;
using System.Net.Sockets;

namespace Regsosek.Api.Infrastructure;

/// <summary>
/// Whom a per-client limit counts: the client's IPv4 address, or the /64 network of an IPv6 one (one host usually
/// holds a whole /64 and could otherwise take a fresh address per request). Behind a reverse proxy every client has
/// the proxy's address, unless forwarded headers are configured.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var network = address.GetAddressBytes();
        Array.Clear(network, 8, 8);
        return new IPAddress(network) + "/64";
    }
}
