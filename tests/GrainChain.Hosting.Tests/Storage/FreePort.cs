using System.Net;
using System.Net.Sockets;

namespace GrainChain.Hosting.Tests.Storage;

/// <summary>Loopback ports nobody listens on at the moment of asking.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
