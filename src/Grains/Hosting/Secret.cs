namespace Coordination.Grains.Hosting;

/// <summary>A secret given in a setting, or in a file the setting names (so it stays out of the settings file).</summary>
public static class Secret
{
    /// <summary><paramref name="value"/> if set, else the trimmed content of <paramref name="file"/>, else null when neither is given.</summary>
    /// <exception cref="FileNotFoundException">The file is named but missing.</exception>
    public static string? Read(string? value, string? file) =>
        !string.IsNullOrEmpty(value) ? value
        : string.IsNullOrEmpty(file) ? null
        : File.Exists(file) ? File.ReadAllText(file).Trim()
        : throw new FileNotFoundException($"The secret file '{Path.GetFullPath(file)}' does not exist.", file);
}
