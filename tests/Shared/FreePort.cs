using System.Net;
using System.Net.Sockets;

namespace Coordination.Testing;

/// <summary>Loopback ports nothing listens on, for the Orleans silo of each node a test starts.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
