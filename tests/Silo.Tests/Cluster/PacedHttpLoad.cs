using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Silo.Tests.Cluster;

/// <summary>
/// Requests at a steady rate through one client (nginx in front of the cluster), each sent on schedule whatever the
/// ones before are doing, but at most <see cref="MaxInFlight"/> at once, as a bounded pool of users would (a cluster
/// slower than the rate gets fewer requests, not a queue that ends in timeouts): one in five a judge's message posted to a case
/// thread (a write, acknowledged by its 201; each also sends the parties an SMS notice), the rest reads of a thread or a
/// case. Records every acknowledged
/// write and every failed request (a status other than 2xx, or no answer).
/// </summary>
internal sealed class PacedHttpLoad(HttpClient client, IReadOnlyList<string> cases, int perSecond)
{
    private const int MaxInFlight = 16;
    private readonly ConcurrentQueue<AcknowledgedPost> _acknowledged = new();
    private readonly ConcurrentQueue<FailedRequest> _failed = new();
    private readonly Stopwatch _elapsed = new();
    private int _sent;
    private int _succeeded;

    /// <summary>Requests sent so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Requests answered with a 2xx.</summary>
    public int Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>Messages whose post was answered 201.</summary>
    public IReadOnlyCollection<AcknowledgedPost> Acknowledged => _acknowledged;

    /// <summary>Requests that failed, in the order they ended.</summary>
    public IReadOnlyCollection<FailedRequest> Failed => _failed;

    /// <summary>Time since the load started, the clock of <see cref="FailedRequest.At"/>.</summary>
    public TimeSpan Elapsed => _elapsed.Elapsed;

    /// <summary>Sends on schedule until <paramref name="stop"/>, then waits for the requests still out.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        _elapsed.Start();
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var requests = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            while (_sent < (long)(_elapsed.Elapsed.TotalSeconds * perSecond) && !stop.IsCancellationRequested)
            {
                await inFlight.WaitAsync(CancellationToken.None);
                var n = _sent++;
                requests.Add(SendAsync(n).ContinueWith(_ => inFlight.Release(), TaskScheduler.Default));
            }

            await pace.WaitForNextTickAsync(CancellationToken.None);
        }

        await Task.WhenAll(requests);
    }

    private async Task SendAsync(int n)
    {
        var caseNumber = cases[n / 5 % cases.Count];
        var (description, send) = (n % 5) switch
        {
            0 => ($"POST /cases/{caseNumber}/messages", (Func<Task<HttpResponseMessage>>)(() => client.PostAsJsonAsync($"/cases/{caseNumber}/messages", new { text = TextOf(n), clientKey = $"rolling-{n}" }))),
            1 or 3 => ($"GET /cases/{caseNumber}/messages", () => client.GetAsync($"/cases/{caseNumber}/messages")),
            _ => ($"GET /cases/{caseNumber}", () => client.GetAsync($"/cases/{caseNumber}")),
        };

        try
        {
            using var response = await send();
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync();
                var (title, detail) = ProblemOf(body);
                var node = response.Headers.TryGetValues("X-Upstream", out var upstream) ? string.Join(',', upstream) : "?";
                _failed.Enqueue(new FailedRequest(_elapsed.Elapsed, description, $"{(int)response.StatusCode} {title}", $"answered by {node}: {detail}"));
                return;
            }

            Interlocked.Increment(ref _succeeded);
            if (n % 5 == 0)
            {
                _acknowledged.Enqueue(new AcknowledgedPost(caseNumber, TextOf(n)));
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            _failed.Enqueue(new FailedRequest(_elapsed.Elapsed, description, $"{exception.GetType().Name}: {exception.Message}", exception.InnerException?.Message));
        }
    }

    private static string TextOf(int n) => $"rolling restart message {n}";

    private static (string Title, string? Detail) ProblemOf(string body)
    {
        try
        {
            var problem = JsonNode.Parse(body);
            return ((string?)problem?["title"] ?? body, (string?)problem?["detail"]);
        }
        catch (System.Text.Json.JsonException)
        {
            return (body.Length > 200 ? body[..200] : body, null);
        }
    }
}

/// <summary>A message whose post was answered 201: it must be in the case's thread.</summary>
internal sealed record AcknowledgedPost(string CaseNumber, string Text);

/// <summary>A request that failed: when (since the load started), what, how (status and title, or the exception) and the problem's detail.</summary>
internal sealed record FailedRequest(TimeSpan At, string Request, string Outcome, string? Detail);
