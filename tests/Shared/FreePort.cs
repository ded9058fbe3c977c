using System.Net;
using System.Net.Sockets;

namespace Coordination.Testing;

/// <summary>Loopback ports nothing listens on, for the servers and nodes tests start.</summary>
/// <remarks>
/// Ports are drawn below the kernel's ephemeral range (<c>/proc/sys/net/ipv4/ip_local_port_range</c>): a port the
/// kernel hands out (port 0) is also one it gives to outgoing connections, and one of those (to PostgreSQL, redis,
/// the broker) can take it between the test's check and the server's bind ("address already in use"). Each port is
/// handed out once per test process.
/// </remarks>
public static class FreePort
{
    private const int Lowest = 10_000;
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        var below = EphemeralStart();
        lock (Given)
        {
            for (var attempt = 0; below - Lowest >= 1_000 && attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Lowest, below);
                if (Given.Add(port) && CanListenOn(port))
                {
                    return port;
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool CanListenOn(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int EphemeralStart()
    {
        try
        {
            return int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return 32_768;
        }
    }
}
