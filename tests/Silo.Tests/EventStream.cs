namespace Coordination.Silo.Tests;

/// <summary>A server-sent event stream of a running node, read event by event as a browser's EventSource would.</summary>
internal sealed class EventStream : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    /// <summary>The response's headers (behind nginx, <c>X-Upstream</c> names the node that serves the stream).</summary>
    public System.Net.Http.Headers.HttpResponseHeaders Headers => _response.Headers;

    /// <summary>Opens <paramref name="path"/>, resuming after <paramref name="lastEventId"/> if given; fails unless the answer is an event stream.</summary>
    public static async Task<EventStream> OpenAsync(HttpClient client, string path, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {body}");
        }

        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken)));
    }

    /// <summary>The next event, or null when the server ended the stream; a broken connection throws.</summary>
    public async Task<(string Id, string Type, string Data)?> NextAsync(CancellationToken cancellationToken)
    {
        string id = "", type = "", data = "";
        var fields = 0;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (fields > 0)
                {
                    return (id, type, data);
                }

                continue;
            }

            if (line[0] == ':')
            {
                continue; // a comment
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart());
            fields++;
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = value; break;
            }
        }

        return null;
    }

    /// <summary>Reads until the server ends the stream; returns the events that came before the end.</summary>
    public async Task<List<(string Id, string Type, string Data)>> ReadToEndAsync(CancellationToken cancellationToken)
    {
        var events = new List<(string, string, string)>();
        while (await NextAsync(cancellationToken) is { } next)
        {
            events.Add(next);
        }

        return events;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
