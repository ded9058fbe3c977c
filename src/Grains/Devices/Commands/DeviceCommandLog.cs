namespace Coordination.Grains.Devices.Commands;

/// <summary>
/// A device's commands, oldest first: every open one, and the <see cref="DeviceCommandOptions.KeepSettled"/> most
/// recently sent of the settled ones (older settled ones are forgotten; a late answer to one of those names no command).
/// </summary>
[GenerateSerializer, Alias("Coordination.Grains.Devices.Commands.DeviceCommandLog")]
public sealed class DeviceCommandLog
{
    /// <summary>The commands, in the order they were sent.</summary>
    [Id(0)]
    public List<DeviceCommand> Items { get; set; } = [];

    /// <summary>The command <paramref name="id"/>, or null.</summary>
    public DeviceCommand? Find(string id) => Items.Find(c => c.Id == id);

    /// <summary>Commands waiting for an answer.</summary>
    public int OpenCount() => Items.Count(c => c.IsOpen());

    /// <summary>The earliest expiry of an open command; null when none is open.</summary>
    public DateTimeOffset? NextExpiry() => Items.Where(c => c.IsOpen()).Min(c => (DateTimeOffset?)c.ExpiresAt);

    /// <summary>Open commands that expire at or before <paramref name="now"/>.</summary>
    public IReadOnlyList<DeviceCommand> DueAt(DateTimeOffset now) => [.. Items.Where(c => c.IsOpen() && c.ExpiresAt <= now)];

    /// <summary>The commands, the most recent first.</summary>
    public IReadOnlyList<DeviceCommand> MostRecentFirst() => [.. Enumerable.Reverse(Items)];

    /// <summary>Adds a new command.</summary>
    public void Add(DeviceCommand command) => Items.Add(command);

    /// <summary>Puts <paramref name="command"/> in the place of the one with its id, then forgets settled ones beyond <paramref name="keepSettled"/>.</summary>
    public void Update(DeviceCommand command, int keepSettled)
    {
        Items[Items.FindIndex(c => c.Id == command.Id)] = command;
        var excess = Items.Count(c => !c.IsOpen()) - keepSettled;
        for (var i = 0; excess > 0 && i < Items.Count;)
        {
            if (Items[i].IsOpen())
            {
                i++;
            }
            else
            {
                Items.RemoveAt(i);
                excess--;
            }
        }
    }
}
