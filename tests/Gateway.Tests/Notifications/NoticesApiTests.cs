using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Gateway.Notifications;
using Coordination.Gateway.Tests.Cases;
using Coordination.Testing;

namespace Coordination.Gateway.Tests.Notifications;

/// <summary>Notices through the HTTP channel to a small SMS gateway on loopback that the test starts.</summary>
public sealed class NoticesApiTests : IAsyncLifetime
{
    private const string ReportToken = "delivery-report-token";
    private FakeSmsGateway _sms = null!;
    private NodeFactory _node = null!;

    public async Task InitializeAsync()
    {
        _sms = await FakeSmsGateway.StartAsync();
        _node = new NodeFactory
        {
            Settings = new()
            {
                ["Notifications:Channel"] = "http",
                ["Notifications:GatewayUrl"] = _sms.Url,
                ["Notifications:GatewayUsername"] = FakeSmsGateway.Username,
                ["Notifications:GatewayPassword"] = FakeSmsGateway.Password,
                ["Notifications:DeliveryReportToken"] = ReportToken,
            },
        };
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _sms.DisposeAsync();
    }

    [Fact]
    public async Task FilingTextsTheApplicant_TheGatewaysReportMarksItDelivered_AndTheChiefSeesTheFigures()
    {
        var caseNumber = CasesApiTests.NewCaseNumber();
        (await _node.ClientFor("clerk-li").PostAsJsonAsync("/cases", CasesApiTests.Filing(caseNumber))).EnsureSuccessStatusCode();
        var key = $"{caseNumber}~1~a0";

        await Wait.UntilAsync(() => _sms.Delivered.ContainsKey(key), "the SMS gateway to get the filing notice");
        Assert.Equal(("13800001111", $"【上海市黄浦区人民法院】您申请执行的案件已立案，案号{caseNumber}。本院将在7日内确定承办法官。"), _sms.Delivered[key]);
        await Wait.UntilAsync(async () => (string?)(await NoticesAsync(caseNumber)).Single()!["status"] == "Sent", "the notice to be sent");

        var unsigned = await _node.CreateClient().PostAsJsonAsync("/sms/delivery-reports", new { messageId = key, delivered = true });
        using var report = new HttpRequestMessage(HttpMethod.Post, "/sms/delivery-reports") { Content = JsonContent.Create(new { messageId = key, delivered = true }) };
        report.Headers.Add(NoticesApi.ReportTokenHeader, ReportToken);
        var reported = await _node.CreateClient().SendAsync(report);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        Assert.Equal("Delivered", (string?)(await NoticesAsync(caseNumber)).Single()!["status"]);
        var health = (await _node.ClientFor("chief-zhao").GetFromJsonAsync<JsonObject>("/courts/SH01/notices/health"))!;
        Assert.Equal((1, 0), ((int)health["byStatus"]!["Delivered"]!, (int)health["byStatus"]!["Sent"]!));
        Assert.Null(health["oldestUndeliveredMinutes"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await _node.ClientFor("judge-wang").GetAsync("/courts/SH01/notices/health")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.ClientFor("judge-sun").GetAsync($"/cases/{caseNumber}/notices")).StatusCode);
    }

    private async Task<JsonArray> NoticesAsync(string caseNumber) => (await _node.ClientFor("judge-wang").GetFromJsonAsync<JsonArray>($"/cases/{caseNumber}/notices"))!;
}
