using Coordination.Grains.Hosting;
using Orleans.Runtime;

namespace Coordination.Grains.Cases;

/// <summary>
/// One enforcement case, keyed by its case number. Every change is appended to the case's hash-chained
/// record before it takes effect; open deadlines are durable reminders whose warnings go to the judge,
/// court and command-centre streams. Calls run one at a time.
/// </summary>
[Alias("Coordination.Grains.Cases.ICaseGrain")]
public interface ICaseGrain : IGrainWithStringKey
{
    /// <summary>Opens the case. Refused (<see cref="CaseStepRefusedException"/>) if the number is already filed; bad fields fail with <see cref="Validation.InputValidationException"/>.</summary>
    [Alias("File")]
    Task<CaseView> File(CaseFiling filing, string actor);

    /// <summary>Records a step. Refused with the reason if it makes no sense now (e.g. closing with funds held).</summary>
    [Alias("RecordStep")]
    Task<CaseView> RecordStep(CaseStep step, string actor);

    /// <summary>The case now. Fails with <see cref="CaseNotFoundException"/> if nothing is filed.</summary>
    [Alias("Get")]
    [ReadOnly]
    Task<CaseView> Get();

    /// <summary>The stored record, entry by entry.</summary>
    [Alias("GetRecord")]
    [ReadOnly]
    Task<IReadOnlyList<CaseRecordEntry>> GetRecord();

    /// <summary>The stored entries after <paramref name="sequence"/>.</summary>
    [Alias("GetRecordAfter")]
    [ReadOnly]
    Task<IReadOnlyList<CaseRecordEntry>> GetRecordAfter(long sequence);

    /// <summary>
    /// Recomputes the record's hash chain from the database and names the first bad entry; then folds the record from an
    /// empty case and compares it with the stored snapshot and the state the case holds, naming the first field that disagrees.
    /// </summary>
    [Alias("VerifyRecord")]
    [ReadOnly]
    Task<RecordVerification> VerifyRecord();
}
