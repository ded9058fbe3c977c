namespace Coordination.Gateway.Tests.Access;

/// <summary>The access table as the README writes it: for each <c>resource:operation</c>, each role's cell (<c>own</c>, <c>court</c>, <c>all</c>, <c>yes</c> or <c>—</c>).</summary>
public sealed class ReadmeAccessTable
{
    private ReadmeAccessTable(Dictionary<string, Dictionary<string, string>> rows) => Rows = rows;

    /// <summary>Cells by row name, then by role.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Rows { get; }

    /// <summary>Reads the table under the README's "Who may do what" heading.</summary>
    public static ReadmeAccessTable Load()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("| resource | operation |", StringComparison.Ordinal));
        Assert.True(start >= 0, "README.md has no access table (a header starting '| resource | operation |').");
        var header = Cells(lines[start]);
        var rows = new Dictionary<string, Dictionary<string, string>>();
        foreach (var line in lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = Cells(line);
            rows.Add($"{cells[0]}:{cells[1]}", header.Zip(cells).Skip(2).ToDictionary(p => p.First, p => p.Second));
        }

        return new ReadmeAccessTable(rows);
    }

    /// <summary>Whether the cell of <paramref name="role"/> in <paramref name="row"/> allows an object the caller stands to as <paramref name="relation"/>.</summary>
    public bool Allows(string row, string role, string relation)
    {
        Assert.True(Rows.TryGetValue(row, out var cells), $"The README's access table has no row {row}.");
        return cells![role] switch
        {
            "all" or "yes" => true,
            "court" => relation is "own" or "court",
            "own" => relation == "own",
            "—" => false,
            var cell => throw new Xunit.Sdk.XunitException($"README access table, row {row}, role {role}: unknown cell '{cell}'."),
        };
    }

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Coordination.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Coordination.sln not found above " + AppContext.BaseDirectory);
    }

    private static string[] Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim().Trim('`'))];
}
