using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Auth;

/// <summary>Refuses auth settings that would issue unusable tokens; each failure names the setting.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (options.SigningKey.Length is > 0 and < 32)
        {
            failures.Add($"{AuthOptions.SectionName}:SigningKey must be at least 32 characters (was {options.SigningKey.Length}); leave it empty to have the node generate one.");
        }

        if (options.TokenLifetime <= TimeSpan.Zero)
        {
            failures.Add($"{AuthOptions.SectionName}:TokenLifetime must be a positive time span such as 12:00:00 (was {options.TokenLifetime}).");
        }

        for (var i = 0; i < options.Users.Count; i++)
        {
            var user = options.Users[i];
            var setting = $"{AuthOptions.SectionName}:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Id))
            {
                failures.Add($"{setting}:Id is required.");
            }
            else if (options.Users.Take(i).Any(u => u.Id == user.Id))
            {
                failures.Add($"{setting}:Id '{user.Id}' is configured twice.");
            }

            if (!Roles.All.Contains(user.Role))
            {
                failures.Add($"{setting}:Role must be one of {string.Join(", ", Roles.All)} (was '{user.Role}').");
            }
            else if (user.Role != Roles.CommandCentre && string.IsNullOrWhiteSpace(user.CourtId))
            {
                failures.Add($"{setting}:CourtId is required for the {user.Role} role.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
