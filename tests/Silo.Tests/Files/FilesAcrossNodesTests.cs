using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coordination.Silo.Tests.Cluster;
using Coordination.Testing;

namespace Coordination.Silo.Tests.Files;

/// <summary>
/// Two node processes of one cluster, each with a working folder of its own: a file attached through one node is served,
/// hash-checked, by the other, which never saw the upload. (They are one Redis cluster rather than two single nodes on
/// one database: two clusters on one database would each activate the same grains and race on their writes.)
/// </summary>
[Trait("Category", "Postgres")]
public sealed class FilesAcrossNodesTests
{
    [Fact]
    public async Task AFileAttachedThroughOneNode_IsServedByAnotherOnTheSamePostgres()
    {
        await using var backends = await ClusterBackends.StartAsync();
        var first = backends.Node("files-a");
        var second = backends.Node("files-b");
        await first.StartAsync();
        await second.StartAsync();
        var caseNumber = await first.FileAndAssignCaseAsync();
        var pdf = new byte[400_000];
        RandomNumberGenerator.Fill(pdf);
        "%PDF-1.7\n"u8.CopyTo(pdf);

        using var judgeOnFirst = await first.ClientForAsync("judge-wang");
        using var upload = new ByteArrayContent(pdf) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } };
        var stored = JsonNode.Parse(await (await judgeOnFirst.PostAsync($"/cases/{caseNumber}/attachments", upload)).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        var sha256 = (string)stored["sha256"]!;
        (await judgeOnFirst.PostAsJsonAsync($"/cases/{caseNumber}/messages", new { text = "执行通知书", attachments = new[] { new { name = "通知书.pdf", sha256 } } }))
            .EnsureSuccessStatusCode();

        using var judgeOnSecond = await second.ClientForAsync("judge-wang");
        var served = await judgeOnSecond.GetByteArrayAsync($"/cases/{caseNumber}/attachments/{sha256}");

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), sha256);
        Assert.Equal(pdf, served);
    }
}
