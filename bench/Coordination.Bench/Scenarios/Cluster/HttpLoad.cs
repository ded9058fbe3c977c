using System.Diagnostics;
using System.Net.Http.Json;

namespace Coordination.Bench.Scenarios.Cluster;

/// <summary>
/// A fixed load on one base URL until stopped: <see cref="Concurrency"/> callers, each one request after the other:
/// <see cref="Filers"/> of them <c>POST /cases</c> filing a new case as clerk-li, the rest <c>GET /cases/{n}</c> of the
/// given cases as judge-wang. Filers have callers of their own because every filing of a court passes its one filings
/// grain: mixed into the readers, they held the readers up. Counts answers; latencies of the successful ones while a
/// window is open.
/// </summary>
internal sealed class HttpLoad : IAsyncDisposable
{
    public const int Concurrency = 32;
    public const int Filers = 4;

    private readonly HttpClient _judge;
    private readonly HttpClient _clerk;
    private readonly string _baseUrl;
    private readonly IReadOnlyList<string> _cases;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<double> _latencies = [];
    private readonly Task[] _callers;
    private long _succeeded;
    private long _filed;
    private long _refused;
    private long _failed;
    private bool _recording;

    private HttpLoad(Callers callers, string baseUrl, IReadOnlyList<string> cases)
    {
        _judge = Callers.ClientAs(callers.Judge, TimeSpan.FromSeconds(15), Concurrency);
        _clerk = Callers.ClientAs(callers.Clerk, TimeSpan.FromSeconds(15), Concurrency);
        _baseUrl = baseUrl;
        _cases = cases;
        _callers = [.. Enumerable.Range(0, Concurrency).Select(i => Task.Run(() => CallAsync(i)))];
    }

    /// <summary>Starts the callers on <paramref name="baseUrl"/>, reading <paramref name="cases"/> (filed and assigned to judge-wang).</summary>
    public static HttpLoad Start(Callers callers, string baseUrl, IReadOnlyList<string> cases) => new(callers, baseUrl, cases);

    /// <summary>Answers so far: 2xx, other statuses, and calls that failed or timed out without one.</summary>
    public HttpCounts Counts => new(Interlocked.Read(ref _succeeded), Interlocked.Read(ref _filed), Interlocked.Read(ref _refused), Interlocked.Read(ref _failed), Stopwatch.GetTimestamp());

    /// <summary>Starts keeping the latencies of successful calls (the measured window).</summary>
    public void StartRecording()
    {
        lock (_lock)
        {
            _recording = true;
        }
    }

    /// <summary>Stops keeping latencies; returns the kept ones, sorted (ms).</summary>
    public List<double> StopRecording()
    {
        lock (_lock)
        {
            _recording = false;
            _latencies.Sort();
            return [.. _latencies];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_callers);
        _judge.Dispose();
        _clerk.Dispose();
        _stop.Dispose();
    }

    private async Task CallAsync(int caller)
    {
        var random = new Random(caller);
        var filer = caller < Filers;
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = filer
                    ? await _clerk.PostAsJsonAsync($"{_baseUrl}/cases", Callers.NewFiling(out _), _stop.Token)
                    : await _judge.GetAsync($"{_baseUrl}/cases/{_cases[random.Next(_cases.Count)]}", _stop.Token);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _succeeded);
                    if (filer)
                    {
                        Interlocked.Increment(ref _filed);
                    }

                    Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref _refused);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                Interlocked.Increment(ref _failed);
            }
        }
    }

    private void Record(double milliseconds)
    {
        lock (_lock)
        {
            if (_recording)
            {
                _latencies.Add(milliseconds);
            }
        }
    }
}

/// <summary>A reading of <see cref="HttpLoad"/>'s counters at <see cref="At"/> (<see cref="Stopwatch"/> ticks): 2xx answers (filings among them), other statuses, failed calls.</summary>
internal readonly record struct HttpCounts(long Succeeded, long Filed, long Refused, long Failed, long At)
{
    /// <summary>Successful calls per second from <paramref name="earlier"/> to this reading.</summary>
    public double SucceededPerSecondSince(HttpCounts earlier) => (Succeeded - earlier.Succeeded) / Stopwatch.GetElapsedTime(earlier.At, At).TotalSeconds;

    /// <summary>Successful filings per second from <paramref name="earlier"/> to this reading.</summary>
    public double FiledPerSecondSince(HttpCounts earlier) => (Filed - earlier.Filed) / Stopwatch.GetElapsedTime(earlier.At, At).TotalSeconds;
}
