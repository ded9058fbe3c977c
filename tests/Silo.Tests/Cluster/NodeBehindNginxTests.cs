using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Coordination.Testing;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>One node behind the project's nginx (deploy/nginx.sh): what the node sees of the clients behind the proxy.</summary>
[Trait("Category", "Nginx")]
[Collection(nameof(RedisClusterTests))]
public sealed class NodeBehindNginxTests : IAsyncLifetime
{
    private RunningNode _node = null!;
    private NginxServer _nginx = null!;

    public async Task InitializeAsync()
    {
        _node = new RunningNode("behind-nginx", MosquittoBroker.FreePort(), "--Limits:SignInsPerMinute=3");
        await _node.StartAsync();
        _nginx = await NginxServer.StartAsync(_node.Port);
    }

    public async Task DisposeAsync()
    {
        await _nginx.DisposeAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task SignInTries_AreCountedPerClientAddressThatNginxForwards_NotForNginxItself()
    {
        using var first = ClientFrom(IPAddress.Parse("127.0.0.2"));
        using var second = ClientFrom(IPAddress.Parse("127.0.0.3"));

        var tries = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await first.PostAsJsonAsync("/auth/token", new { userId = "judge-wang", password = "wrong" });
            tries.Add(response.StatusCode);
        }

        using var other = await second.PostAsJsonAsync("/auth/token", new { userId = "judge-wang", password = "wrong" });

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], tries);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    /// <summary>A client whose connections to nginx come from <paramref name="source"/> (any 127.x address is loopback on Linux).</summary>
    private HttpClient ClientFrom(IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri(_nginx.BaseUrl) };
}
