using Coordination.Grains.Alerts;
using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Tests.Alerts;

/// <summary>An alert's English title is its wording filled from the pages' English texts, as the English page fills it.</summary>
public sealed class AlertTextTests
{
    [Fact]
    public void English_NamesCommandsAndTiersInWords_AndLeavesOtherValuesAsGiven()
    {
        var expired = AlertText.Of(AlertWordings.DeviceCommandExpired, ("device", "cam-1"), ("command", "StartRecording"), ("commandId", "c-7"), ("sender", "judge-wang"));
        var entrusted = AlertText.Of(AlertWordings.EntrustedDeadline, ("id", "E1"), ("court", "SH02"), ("title", "Finish"), ("tier", (object?)AlertTier.Due));

        Assert.Equal("Device cam-1 did not answer command start recording (c-7) of judge-wang before it expired", expired.English);
        Assert.Equal("Entrustment E1 from SH02: Finish: Due today", entrusted.English);
    }

    [Fact]
    public void AlertWorded_CarriesTheKeyAndValuesForThePages_AndTheEnglishAsItsTitle()
    {
        var text = AlertText.Of(AlertWordings.DeviceBatteryLow, ("device", "cam-1"), ("percent", 15));

        var alert = Alert.Worded(AlertKind.DeviceBatteryLow, "SH01", null, null, text, DateTimeOffset.UnixEpoch);

        Assert.Equal(("deviceBatteryLow", "15", "Body camera cam-1 battery at 15%"), (alert.TextKey, alert.TextArgs!["percent"], alert.Title));
    }
}
