using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coordination.Silo.Schema;
using Coordination.Silo.Tests.Providers;
using Coordination.Testing;
using Npgsql;

namespace Coordination.Silo.Tests.Files;

/// <summary>
/// Two node processes, each with a working folder of its own, on one PostgreSQL schema: a file attached through one
/// node is served, hash-checked, by the other, which never saw the upload. (Each node is a single-node cluster here;
/// the files only need the shared database, which is what a cluster's nodes share.)
/// </summary>
[Trait("Category", "Postgres")]
public sealed class FilesAcrossNodesTests
{
    [Fact]
    public async Task AFileAttachedThroughOneNode_IsServedByAnotherOnTheSamePostgres()
    {
        await using var scratch = await ScratchSchema.CreateAsync();
        await using (var dataSource = NpgsqlDataSource.Create(scratch.ConnectionString))
        {
            await PostgresSchemaScripts.ApplyAllAsync(dataSource);
        }

        var storage = $"--Storage:PostgresConnectionString={scratch.ConnectionString}";
        await using var first = new RunningNode("files-a", MosquittoBroker.FreePort(), storage);
        await using var second = new RunningNode("files-b", MosquittoBroker.FreePort(), storage);
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
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
