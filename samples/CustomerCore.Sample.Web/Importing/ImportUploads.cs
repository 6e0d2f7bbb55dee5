namespace CustomerCore.Sample.Web.Importing;

/// <summary>
/// Keeps an uploaded spreadsheet between the wizard's steps (mapping, dry run, apply) under an unguessable name, so the
/// manager uploads once. The file holds personal data: it is deleted once applied, and one left by an abandoned
/// wizard is deleted by the next upload once it is older than <see cref="Lifetime"/>.
/// </summary>
public sealed class ImportUploads(IConfiguration configuration, IHostEnvironment environment)
{
    /// <summary>How long an abandoned upload is kept.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private string Folder
    {
        get
        {
            var folder = Path.GetFullPath(configuration["Import:UploadFolder"] is { Length: > 0 } configured ? configured : "import-uploads", environment.ContentRootPath);
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>Stores <paramref name="upload"/> and returns the token that names it.</summary>
    public async Task<string> SaveAsync(IFormFile upload, CancellationToken cancellationToken)
    {
        DeleteExpired();
        var token = Guid.NewGuid().ToString("N");
        await using var file = File.Create(PathOf(token));
        await upload.CopyToAsync(file, cancellationToken);
        return token;
    }

    /// <summary>Opens the upload named by <paramref name="token"/>, or null when it is gone or the token is malformed.</summary>
    public Stream? Open(string? token) =>
        IsToken(token) && File.Exists(PathOf(token!)) ? File.OpenRead(PathOf(token!)) : null;

    /// <summary>Deletes the upload once it is no longer needed.</summary>
    public void Delete(string? token)
    {
        if (IsToken(token))
        {
            File.Delete(PathOf(token!));
        }
    }

    private void DeleteExpired()
    {
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles("*.csv").Where(f => f.LastWriteTimeUtc < DateTime.UtcNow - Lifetime))
        {
            file.Delete();
        }
    }

    // Only our own 32-hex-digit names reach the file system, so a token cannot point anywhere else.
    private static bool IsToken(string? token) => token is { Length: 32 } && token.All(char.IsAsciiHexDigitLower);

    private string PathOf(string token) => Path.Combine(Folder, token + ".csv");
}
