using System.Net;
using System.Net.Sockets;

namespace GrainChain.Hosting.TestSilo.Harness;

/// <summary>Loopback TCP ports nobody listens on at the moment of asking: silos, gateways, HTTP and servers of tests.</summary>
public static class FreePorts
{
    public static int Next() => Take(1)[0];

    /// <summary>Distinct ports: all are held open together while they are chosen, so none is handed out twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners) listener.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
