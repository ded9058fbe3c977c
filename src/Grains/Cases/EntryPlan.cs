using Coordination.Grains.Deadlines;

namespace Coordination.Grains.Cases;

/// <summary>What a step will do besides being recorded: the id it hands out, the deadlines it opens and meets.</summary>
internal sealed class EntryPlan
{
    private readonly List<Deadline> _opened = [];
    private readonly List<string> _closed = [];

    public string? SubjectId { get; set; }

    public DateOnly? ExpiresOn { get; set; }

    public IReadOnlyList<Deadline> Opened => _opened;

    public IReadOnlyList<string> Closed => _closed;

    public void Open(Deadline deadline) => _opened.Add(deadline);

    /// <summary>The record entry for this plan: entry <paramref name="sequence"/>, chained to <paramref name="previousHash"/>.</summary>
    public CaseRecordEntry Seal(long sequence, DateTimeOffset at, string actor, CaseStepKind kind, CaseFiling? filing, CaseStep? step, string previousHash) =>
        CaseRecordHash.Seal(new CaseRecordEntry(sequence, at, actor, kind, filing, step, SubjectId, ExpiresOn, Opened, Closed, previousHash, Hash: ""));

    /// <summary>Meets a deadline if it is open; closing one that is not open is a no-op.</summary>
    public void Close(IReadOnlyDictionary<string, Deadline> open, string id)
    {
        if (open.ContainsKey(id) && !_closed.Contains(id))
        {
            _closed.Add(id);
        }
    }
}
