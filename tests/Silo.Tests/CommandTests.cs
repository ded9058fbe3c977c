namespace Coordination.Silo.Tests;

public sealed class CommandTests
{
    [Fact]
    public async Task TokenVerb_PrintsASignedTokenForAConfiguredUser()
    {
        var (exitCode, output, _) = await NodeProcess.RunAsync("token", "judge-wang");
        Assert.Equal(0, exitCode);
        Assert.Equal(3, output.Trim().Split('.').Length);
    }

    [Fact]
    public async Task TokenVerb_ForAnUnknownUser_Exits2NamingTheConfiguredOnes()
    {
        var (exitCode, _, error) = await NodeProcess.RunAsync("token", "nobody");
        Assert.Equal(2, exitCode);
        Assert.Contains("No user 'nobody'", error);
        Assert.Contains("judge-wang", error);
    }

    [Fact]
    public async Task VerifyRecordVerb_ForACaseNeverFiled_Exits2()
    {
        var (exitCode, _, error) = await NodeProcess.RunAsync("verify-record", "SH01-2026-none");
        Assert.Equal(2, exitCode);
        Assert.Contains("No case SH01-2026-none is filed", error);
    }
}
