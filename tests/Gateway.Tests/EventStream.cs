namespace Coordination.Gateway.Tests;

/// <summary>One server-sent event.</summary>
public sealed record ServerEvent(string Id, string Type, string Data);

/// <summary>An open SSE response, read event by event; every read is bounded by the limit given at opening.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly CancellationTokenSource _limit;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(CancellationTokenSource limit, HttpResponseMessage response, StreamReader reader) => (_limit, _response, _reader) = (limit, response, reader);

    /// <summary>
    /// Opens <paramref name="path"/>; fails the test with the answer if it is not an event stream. When it returns, the
    /// server has subscribed: our streams send their headers only once the subscription stands.
    /// </summary>
    public static async Task<EventStream> OpenAsync(HttpClient client, string path, string? lastEventId = null, int limitSeconds = 20)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var limit = new CancellationTokenSource(TimeSpan.FromSeconds(limitSeconds));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            Assert.Fail($"{path}: {response.StatusCode}: {await response.Content.ReadAsStringAsync(limit.Token)}");
        }

        return new EventStream(limit, response, new StreamReader(await response.Content.ReadAsStreamAsync(limit.Token)));
    }

    /// <summary>The next event; fails the test if the stream ends or the limit passes first.</summary>
    public async Task<ServerEvent> NextAsync()
    {
        string id = "", type = "message", data = "";
        while (await _reader.ReadLineAsync(_limit.Token) is { } line)
        {
            if (line.Length == 0)
            {
                return new ServerEvent(id, type, data);
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart());
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = value; break;
            }
        }

        throw new InvalidOperationException("The stream ended.");
    }

    /// <summary>The next <paramref name="count"/> events.</summary>
    public async Task<List<ServerEvent>> NextAsync(int count)
    {
        var events = new List<ServerEvent>();
        while (events.Count < count)
        {
            events.Add(await NextAsync());
        }

        return events;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _limit.Dispose();
        return ValueTask.CompletedTask;
    }
}
