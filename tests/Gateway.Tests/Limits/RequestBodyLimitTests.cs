using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Gateway.Tests.Cases;
using Coordination.Gateway.Tests.Messages;

namespace Coordination.Gateway.Tests.Limits;

/// <summary>
/// Body limits over real Kestrel (the in-memory test server has no body size limits of its own), with bodies sent
/// chunked, so no Content-Length announces their size: only the bytes read can be counted.
/// </summary>
public sealed class RequestBodyLimitTests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private readonly NodeFactory _node = new();

    public Task InitializeAsync()
    {
        _node.UseKestrel(0);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task AChunkedFilingOverTheLimit_Is413ProblemDetails_AndNoCaseIsFiled(int mebibytes)
    {
        var number = CasesApiTests.NewCaseNumber();
        var clerk = ClientFor("clerk-li");

        using var response = await PostChunkedAsync(clerk, "/cases", PaddedFiling(number, mebibytes * MiB));

        await AssertTooLargeAsync(response, "1,048,576", "Limits:MaxRequestBodyBytes");
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/cases/{number}")).StatusCode);
    }

    [Fact]
    public async Task AChunkedFilingUnderTheLimit_IsFiled()
    {
        var number = CasesApiTests.NewCaseNumber();
        var clerk = ClientFor("clerk-li");
        var content = PaddedFiling(number, MiB - 4096);
        Assert.InRange(content.Length, MiB - 4096, MiB);

        using var response = await PostChunkedAsync(clerk, "/cases", content);

        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync($"/cases/{number}")).StatusCode);
    }

    [Fact]
    public async Task AFilingAnnouncedOverTheLimit_Is413ProblemDetails()
    {
        var number = CasesApiTests.NewCaseNumber();
        var clerk = ClientFor("clerk-li");
        var body = new ByteArrayContent(Encoding.UTF8.GetBytes(CasesApiTests.Filing(number).ToJsonString() + new string(' ', 2 * MiB)));
        body.Headers.ContentType = new("application/json");

        using var response = await clerk.PostAsync("/cases", body);

        await AssertTooLargeAsync(response, "1,048,576", "Limits:MaxRequestBodyBytes");
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync($"/cases/{number}")).StatusCode);
    }

    [Fact]
    public async Task AChunkedUploadOverTheAttachmentLimit_Is413ProblemDetails()
    {
        var number = await FiledCaseAsync();

        using var response = await PostChunkedAsync(ClientFor("chief-zhao"), $"/cases/{number}/attachments", PaddedPdf(12 * MiB));

        // Uploads are streamed to the store, which counts the bytes and answers with its own title.
        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "10,485,760");
        Assert.Equal(("The file is too large.", "An attachment may be at most 10,485,760 bytes.", "message.fileTooLarge", "10,485,760"),
            ((string?)problem["title"], (string?)problem["detail"], (string?)problem["text"]?["key"], (string?)problem["text"]?["args"]?["max"]));
        Assert.Equal(0, _node.StoredFileCount());
    }

    [Fact]
    public async Task AChunkedUploadOverTheGeneralLimitButUnderTheAttachmentLimit_IsStored()
    {
        var number = await FiledCaseAsync();
        var content = PaddedPdf(2 * MiB);

        using var response = await PostChunkedAsync(ClientFor("chief-zhao"), $"/cases/{number}/attachments", content);

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(content.Length, (long)(await response.Content.ReadFromJsonAsync<JsonObject>())!["size"]!);
    }

    private static async Task<HttpResponseMessage> PostChunkedAsync(HttpClient client, string path, ChunkedContent content)
    {
        var response = await client.PostAsync(path, content);
        Assert.True(response.RequestMessage?.Headers.TransferEncodingChunked == true, "The body was not sent chunked.");
        return response;
    }

    /// <summary>A valid filing with <paramref name="padding"/> spaces before its closing brace, sent chunked.</summary>
    private static ChunkedContent PaddedFiling(string number, long padding)
    {
        var json = CasesApiTests.Filing(number).ToJsonString();
        return new ChunkedContent(Encoding.UTF8.GetBytes(json[..^1]), padding, (byte)' ', "}"u8.ToArray(), "application/json");
    }

    private static ChunkedContent PaddedPdf(long size) =>
        new(CaseThreadApiTests.Pdf, size - CaseThreadApiTests.Pdf.Length, (byte)'x', [], "application/pdf");

    private static async Task AssertTooLargeAsync(HttpResponseMessage response, string limit, string setting)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, limit);
        Assert.Equal("Request body too large.", (string?)problem["title"]);
        Assert.Contains(setting, (string?)problem["detail"], StringComparison.Ordinal);
    }

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detail)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.Contains(detail, (string?)problem["detail"], StringComparison.Ordinal);
        return problem;
    }

    /// <summary>
    /// A client for <paramref name="userId"/> straight to Kestrel. The factory's own client buffers request bodies (to
    /// follow redirects with them), which gives them a Content-Length.
    /// </summary>
    private HttpClient ClientFor(string userId)
    {
        var client = _node.CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = _node.ClientFor(userId).DefaultRequestHeaders.Authorization;
        return client;
    }

    private async Task<string> FiledCaseAsync()
    {
        var number = CasesApiTests.NewCaseNumber();
        (await ClientFor("clerk-li").PostAsJsonAsync("/cases", CasesApiTests.Filing(number))).EnsureSuccessStatusCode();
        return number;
    }
}
