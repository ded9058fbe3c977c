using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Coordination.Testing;

/// <summary>
/// The node executable running in its own folder (its own SQLite database) on a loopback port, for tests that need
/// more than one node or that stop one. Logs are kept for failure messages.
/// </summary>
internal sealed class RunningNode : IAsyncDisposable
{
    /// <summary>Tokens made by the token verb, per user and the settings and environment that sign them: each verb run is a process start.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<string>> Tokens = new();

    private readonly string[] _settings;
    private readonly List<string> _log = [];
    private Process? _process;

    public RunningNode(string name, int port, params string[] settings)
    {
        Name = name;
        Port = port;
        Folder = Directory.CreateTempSubdirectory($"coordination-{name}-").FullName;
        _settings = [$"--urls=http://127.0.0.1:{port}", "--DeviceBridge:Enabled=false", $"--Auth:SigningKey={SigningKey}", "--Logging:LogLevel:Default=Warning", .. settings];
    }

    public string Name { get; }

    public int Port { get; }

    public string Folder { get; }

    /// <summary>Environment variables of the node's process and its verbs (e.g. the cluster tests' shifted clock).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Whether the node's process runs (it was started and has not exited).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The exit code of the node's last run.</summary>
    public int ExitCode => _process!.ExitCode;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return string.Join('\n', _log.TakeLast(40));
            }
        }
    }

    private static string SigningKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The Orleans silo port of the node's current run: a free loopback port of its own for each start, so that nodes run side by side.</summary>
    public int SiloPort { get; private set; }

    /// <summary>Starts the node and waits until /health answers.</summary>
    public async Task StartAsync()
    {
        SiloPort = MosquittoBroker.FreePort();
        _process = Process.Start(Start([$"--Orleans:SiloPort={SiloPort}", .. _settings]))!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient();
        try
        {
            await AnswersHealthAsync(probe);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}; its log: {Log}", timeout);
        }
    }

    private Task AnswersHealthAsync(HttpClient probe) =>
        Wait.UntilAsync(async () =>
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with {_process.ExitCode}: {Log}");
            }

            try
            {
                return (await probe.GetAsync($"{BaseUrl}/health")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"node {Name} to answer /health", TimeSpan.FromSeconds(90)); // several nodes starting on two loaded cores

    /// <summary>Kills the process at once (SIGKILL): nothing is flushed, nothing is said goodbye to.</summary>
    public async Task KillAsync()
    {
        _process!.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Sends SIGTERM, as a service manager stopping the node does, and waits at most <paramref name="limit"/> for the
    /// process to exit; returns how long it took from the signal.
    /// </summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan limit)
    {
        var elapsed = Stopwatch.StartNew();
        using (var signal = Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Node {Name} still running {limit.TotalSeconds:0} s after SIGTERM: {Log}");
        }

        return elapsed.Elapsed;
    }

    /// <summary>A client carrying a token for <paramref name="userId"/>, made by the node's own <c>token</c> verb.</summary>
    public Task<HttpClient> ClientForAsync(string userId) => ClientForAsync(userId, BaseUrl);

    /// <summary>A client of <paramref name="baseUrl"/> (e.g. nginx in front of this node) carrying a token for <paramref name="userId"/>.</summary>
    public async Task<HttpClient> ClientForAsync(string userId, string baseUrl)
    {
        var signedBy = string.Join(' ', _settings.Where(s => s.StartsWith("--Auth:", StringComparison.Ordinal)).Concat(Environment.Select(e => $"{e.Key}={e.Value}")));
        var token = await Tokens.GetOrAdd($"{userId}|{signedBy}", async _ => (await RunVerbAsync(["token", userId])).Trim());
        return new HttpClient { BaseAddress = new Uri(baseUrl), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
    }

    /// <summary>
    /// Files a case in SH01 as clerk-li (its debtor at <paramref name="debtorAddress"/> if given) and has chief-zhao
    /// assign it to <paramref name="judgeId"/>; returns its number.
    /// </summary>
    public async Task<string> FileAndAssignCaseAsync(string judgeId = "judge-wang", JsonObject? debtorAddress = null)
    {
        var caseNumber = $"SH01-2026-{Guid.NewGuid().ToString("N")[..8]}";
        var filing = Filing(caseNumber);
        if (debtorAddress is not null)
        {
            filing["debtors"]![0]!["address"] = debtorAddress;
        }

        using var clerk = await ClientForAsync("clerk-li");
        (await clerk.PostAsJsonAsync("/cases", filing)).EnsureSuccessStatusCode();
        using var chief = await ClientForAsync("chief-zhao");
        (await chief.PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId })).EnsureSuccessStatusCode();
        return caseNumber;
    }

    /// <summary>A litigation case's filing in SH01 with one applicant and one debtor, as a clerk enters it.</summary>
    public static JsonNode Filing(string caseNumber) => JsonNode.Parse($$$"""
        {"caseNumber":"{{{caseNumber}}}","courtId":"SH01","kind":"Litigation","amountClaimed":125000,"basisDocument":"(2025)沪0101民初123号",
         "applicants":[{"name":"张三","idNumber":"310101198001010018","mobile":"13800001111","address":{"text":"上海市黄浦区南京东路1号"}}],
         "debtors":[{"name":"李四","idNumber":"310101198001010026","mobile":"13900002222","address":{"text":"杭州市西湖区文三路2号"}}]}
        """)!;

    /// <summary>Runs a verb of the executable in the node's folder with the node's settings (and <paramref name="input"/> on standard input); returns its output.</summary>
    public async Task<string> RunVerbAsync(string[] verb, string? input = null)
    {
        using var process = StartVerb(verb, redirectInput: input is not null);
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
            process.StandardInput.Close();
        }

        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{string.Join(' ', verb)} on node {Name} failed ({process.ExitCode}): {error}{output}");
    }

    /// <summary>Starts a verb (e.g. the device simulator) in the node's folder with the node's settings; the caller ends it.</summary>
    public Process StartVerb(string[] verb, bool redirectInput = false)
    {
        var start = Start([.. verb, .. _settings]);
        start.RedirectStandardInput = redirectInput;
        return Process.Start(start)!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            await KillAsync();
        }

        _process?.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private ProcessStartInfo Start(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Coordination.Silo.dll"));
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.Add(line);
            }
        }
    }
}
