using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Coordination.Gateway.Auth;

/// <summary>
/// Users' passwords as PBKDF2-SHA256 hashes (600,000 iterations, 16-byte salt) in a JSON file of user id to hash,
/// written by the <c>set-password</c> verb. Read at each sign-in, so a password set while the node runs takes effect.
/// </summary>
public sealed class PasswordStore(IOptions<AuthOptions> options)
{
    private const int Iterations = 600_000;
    private static readonly Lock FileLock = new();

    /// <summary>Whether <paramref name="password"/> is <paramref name="userId"/>'s; false if the user has none.</summary>
    public bool Verify(string userId, string password)
    {
        if (!Read().TryGetValue(userId, out var stored) || stored.Split('$') is not ["pbkdf2-sha256", var iterations, var salt, var hash])
        {
            return false;
        }

        var expected = Convert.FromBase64String(hash);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(salt), int.Parse(iterations, System.Globalization.CultureInfo.InvariantCulture),
            HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>Sets (or replaces) a user's password.</summary>
    public void Set(string userId, string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        lock (FileLock)
        {
            var passwords = Read();
            passwords[userId] = $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
            var path = options.Value.PasswordsFile;
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(passwords, GatewayJsonContext.Default.DictionaryStringString));
            File.Move(temporary, path, overwrite: true);
        }
    }

    private Dictionary<string, string> Read()
    {
        var path = options.Value.PasswordsFile;
        return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllText(path), GatewayJsonContext.Default.DictionaryStringString) ?? [] : [];
    }
}
