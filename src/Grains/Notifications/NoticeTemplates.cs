using System.Globalization;
using Coordination.Grains.Cases;

namespace Coordination.Grains.Notifications;

/// <summary>
/// The messages to parties for each key node of a case (Chinese, signed 【court name】): applicants hear of every key
/// node and measure, debtors of the notice and of measures taken against them. Payouts state the exact amount.
/// </summary>
public static class NoticeTemplates
{
    /// <summary>The notices for record entry <paramref name="entry"/> of a case filed as <paramref name="filing"/>; none if it is not a key node.</summary>
    public static IEnumerable<Notice> For(CaseRecordEntry entry, CaseFiling filing, string courtName)
    {
        var step = entry.Step;
        var caseNumber = filing.CaseNumber;
        var sign = $"【{courtName}】";
        var fromCourt = entry.Kind == CaseStepKind.MessagePosted && !entry.Actor.StartsWith(CaseGrain.PartyActorPrefix, StringComparison.Ordinal);
        var messageNotice = $"{sign}法院在案件{caseNumber}的案件群中给您留言，请通过阳光执行查看。";
        string? ToApplicants() => entry.Kind switch
        {
            CaseStepKind.Filed => $"{sign}您申请执行的案件已立案，案号{caseNumber}。本院将在7日内确定承办法官。",
            CaseStepKind.JudgeAssigned => $"{sign}案件{caseNumber}已由{step!.JudgeId}法官承办。如掌握被执行人财产线索，请及时向法官提供。",
            CaseStepKind.NoticeSent => $"{sign}案件{caseNumber}已向被执行人发出执行通知书。",
            CaseStepKind.PropertyReportRequested => $"{sign}案件{caseNumber}：请向承办法官报告您掌握的被执行人财产线索。",
            CaseStepKind.ClueVerified => $"{sign}案件{caseNumber}：您提供的财产线索已核查，结果：{step!.Result}。",
            CaseStepKind.Frozen => $"{sign}案件{caseNumber}已冻结被执行人{step!.Target}{Amount(step.Amount, "，冻结金额")}，期限至{entry.ExpiresOn:yyyy-MM-dd}。",
            CaseStepKind.Seized => $"{sign}案件{caseNumber}已查封被执行人{step!.Target}，期限至{entry.ExpiresOn:yyyy-MM-dd}。",
            CaseStepKind.Deducted => $"{sign}案件{caseNumber}已从被执行人{step!.Target}扣划{Yuan(step.Amount)}。",
            CaseStepKind.Auctioned => $"{sign}案件{caseNumber}拍卖结果：{step!.Result}。",
            CaseStepKind.FundsReceived => $"{sign}案件{caseNumber}收到执行款{Yuan(step!.Amount)}，本院将在30日内发放。",
            CaseStepKind.FundsPaidOut => $"{sign}案件{caseNumber}已向您发放执行款{Yuan(step!.Amount)}，请注意查收。",
            CaseStepKind.CreditMeasureImposed => $"{sign}案件{caseNumber}已对被执行人采取信用惩戒措施（{step!.Credit}）。",
            CaseStepKind.CoerciveMeasureTaken => $"{sign}案件{caseNumber}已对被执行人采取强制措施（{step!.Coercive}）。",
            CaseStepKind.Terminated => $"{sign}案件{caseNumber}已终结本次执行程序。发现被执行人财产的，您可申请恢复执行。",
            CaseStepKind.Closed => $"{sign}案件{caseNumber}已执行结案。",
            CaseStepKind.OpinionRequested =>
                $"{sign}案件{caseNumber}拟结案（{step!.Note}）。请于{entry.Opened[0].DueDate:yyyy-MM-dd}前通过阳光执行提出意见，逾期未提出的视为无意见。",
            CaseStepKind.MessagePosted when fromCourt => messageNotice,
            _ => null,
        };
        string? ToDebtor(Party debtor) => entry.Kind switch
        {
            CaseStepKind.NoticeSent => $"{sign}{debtor.Name}：案件{caseNumber}的执行通知书已向您发出，请立即履行法律文书确定的义务，否则本院将依法强制执行。",
            CaseStepKind.Frozen or CaseStepKind.Seized or CaseStepKind.Deducted =>
                $"{sign}{debtor.Name}：本院已依法对您的{step!.Target}采取{(entry.Kind == CaseStepKind.Frozen ? "冻结" : entry.Kind == CaseStepKind.Seized ? "查封" : "扣划")}措施，案号{caseNumber}。",
            CaseStepKind.CreditMeasureImposed or CaseStepKind.CoerciveMeasureTaken => $"{sign}{debtor.Name}：本院已依法对您采取{(object?)step!.Credit ?? step.Coercive}措施，案号{caseNumber}。",
            CaseStepKind.MessagePosted when fromCourt => messageNotice,
            _ => null,
        };

        var applicantText = ToApplicants();
        for (var i = 0; applicantText is not null && i < filing.Applicants.Count; i++)
        {
            yield return NoticeOf(entry, filing, "a", i, filing.Applicants[i], applicantText);
        }

        for (var i = 0; i < filing.Debtors.Count; i++)
        {
            if (ToDebtor(filing.Debtors[i]) is { } text)
            {
                yield return NoticeOf(entry, filing, "d", i, filing.Debtors[i], text);
            }
        }
    }

    /// <summary>The key of a notice: case, entry and recipient (URL-safe).</summary>
    public static string KeyOf(string caseNumber, long sequence, string recipient) => $"{caseNumber}~{sequence}~{recipient}";

    private static Notice NoticeOf(CaseRecordEntry entry, CaseFiling filing, string role, int index, Party party, string text) =>
        new(KeyOf(filing.CaseNumber, entry.Sequence, $"{role}{index}"), filing.CourtId, filing.CaseNumber, entry.Kind, entry.Sequence, party.Name, party.Mobile, text);

    private static string Yuan(decimal? amount) => $"{(amount ?? 0).ToString("N2", CultureInfo.InvariantCulture)}元";

    private static string Amount(decimal? amount, string prefix) => amount is null ? "" : prefix + Yuan(amount);
}
