using System.Text.RegularExpressions;

namespace Coordination.Grains.Validation;

/// <summary>Checks on party identity and contact data.</summary>
public static partial class PartyRules
{
    /// <summary>A mainland mobile number: 11 digits starting 1[3-9].</summary>
    public static bool IsMobile(string? value) => value is not null && MobilePattern().IsMatch(value);

    /// <summary>
    /// An 18-character resident ID number with a valid check character (GB 11643, ISO 7064 MOD 11-2), or an
    /// 18-character unified social credit code for organisations (digits and capitals).
    /// </summary>
    public static bool IsIdNumber(string? value)
    {
        if (value is null || value.Length != 18)
        {
            return false;
        }

        if (ResidentIdPattern().IsMatch(value))
        {
            return value[17] == ResidentIdCheckCharacter(value.AsSpan(0, 17));
        }

        return CreditCodePattern().IsMatch(value);
    }

    /// <summary>The check character of the first 17 digits of a resident ID number.</summary>
    public static char ResidentIdCheckCharacter(ReadOnlySpan<char> first17)
    {
        ReadOnlySpan<int> weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * weights[i];
        }

        return "10X98765432"[sum % 11];
    }

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^\d{17}[\dX]$")]
    private static partial Regex ResidentIdPattern();

    [GeneratedRegex(@"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")]
    private static partial Regex CreditCodePattern();
}
