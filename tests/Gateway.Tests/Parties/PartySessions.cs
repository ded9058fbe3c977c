using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coordination.Gateway.Tests.Cases;

namespace Coordination.Gateway.Tests.Parties;

/// <summary>Files cases and signs parties in the way a party does: a code by SMS (read back from the file channel), then a token.</summary>
internal static partial class PartySessions
{
    public const string ApplicantIdNumber = "310101198001010018"; // the applicant of CasesApiTests.Filing
    public const string ApplicantMobile = "13800001111";
    public const string LawyerIdNumber = "310101198001010034";
    public const string LawyerMobile = "13700003333";

    /// <summary>Files a case with judge-wang in charge; with <paramref name="lawyer"/> the applicant has 王律师 acting for them.</summary>
    public static async Task<string> FileAsync(NodeFactory node, bool lawyer = false)
    {
        var caseNumber = CasesApiTests.NewCaseNumber();
        var filing = CasesApiTests.Filing(caseNumber);
        if (lawyer)
        {
            filing["applicants"]![0]!["lawyer"] = new JsonObject { ["name"] = "王律师", ["idNumber"] = LawyerIdNumber, ["mobile"] = LawyerMobile, ["firm"] = "上海某律师事务所" };
        }

        (await node.ClientFor("clerk-li").PostAsJsonAsync("/cases", filing)).EnsureSuccessStatusCode();
        (await node.ClientFor("chief-zhao").PostAsJsonAsync($"/cases/{caseNumber}/steps", new { kind = "JudgeAssigned", judgeId = "judge-wang" })).EnsureSuccessStatusCode();
        return caseNumber;
    }

    /// <summary>A client carrying a party token for the case.</summary>
    public static async Task<HttpClient> SignInAsync(NodeFactory node, string caseNumber, string idNumber = ApplicantIdNumber, string mobile = ApplicantMobile) =>
        Client(node, await TokenOfAsync(node, caseNumber, idNumber, mobile));

    public static async Task<string> TokenOfAsync(NodeFactory node, string caseNumber, string idNumber = ApplicantIdNumber, string mobile = ApplicantMobile)
    {
        var response = await TokenAsync(node, caseNumber, idNumber, await RequestCodeAsync(node, caseNumber, idNumber, mobile));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
    }

    public static HttpClient Client(NodeFactory node, string token)
    {
        var client = node.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static async Task<string> RequestCodeAsync(NodeFactory node, string caseNumber, string idNumber = ApplicantIdNumber, string mobile = ApplicantMobile)
    {
        var before = CodesSent(node, mobile, caseNumber).Count;
        var response = await node.CreateClient().PostAsJsonAsync("/party/codes", new { caseNumber, idNumber, mobile });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var codes = CodesSent(node, mobile, caseNumber);
        Assert.Equal(before + 1, codes.Count);
        return codes[^1];
    }

    public static Task<HttpResponseMessage> TokenAsync(NodeFactory node, string caseNumber, string idNumber, string code) =>
        node.CreateClient().PostAsJsonAsync("/party/tokens", new { caseNumber, idNumber, code });

    /// <summary>The codes the file channel sent to <paramref name="mobile"/> (about <paramref name="caseNumber"/>, if given), in order.</summary>
    public static List<string> CodesSent(NodeFactory node, string mobile, string? caseNumber = null) => File.Exists(node.SmsFile)
        ? [.. File.ReadAllLines(node.SmsFile).Select(l => JsonNode.Parse(l)!)
            .Where(n => (string)n["mobile"]! == mobile && (caseNumber is null || (string?)n["caseNumber"] == caseNumber) && ((string)n["key"]!).Contains("code~", StringComparison.Ordinal))
            .Select(n => CodePattern().Match((string)n["text"]!).Groups[1].Value)]
        : [];

    [GeneratedRegex("验证码为(\\d{6})")]
    private static partial Regex CodePattern();
}
