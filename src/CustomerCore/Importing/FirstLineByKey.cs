using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CustomerCore.Importing;

/// <summary>
/// The first line of a file on which each key (an email, a customer code, a phone) appeared, to report a key that
/// repeats in the file. The key is kept as a 128-bit digest, not as the string: a million-row file held three million
/// strings (about 260 MB, each walked by every full collection), while a digest takes 36 bytes an entry and holds no
/// reference. Two different keys share a digest (SHA-256 cut to 128 bits) with a probability of about 10^-26 for three
/// million keys, far below that of a disk error; the report would then name a line whose key only looks repeated.
/// The digest is two 64-bit halves rather than a <see cref="UInt128"/>, whose 16-byte alignment made each dictionary
/// entry 48 bytes instead of 32: about 50 MB more at a million rows (three keys a row).
/// </summary>
internal sealed class FirstLineByKey
{
    private const int StackLimitBytes = 512;

    private Dictionary<KeyDigest, long> _lines = [];

    /// <summary>Records <paramref name="line"/> for <paramref name="key"/> unless the key was seen before; then
    /// <paramref name="firstLine"/> is where.</summary>
    public bool TryAdd(string key, long line, out long firstLine)
    {
        var digest = Digest(key);
        if (_lines.TryAdd(digest, line))
        {
            firstLine = line;
            return true;
        }

        firstLine = _lines[digest];
        return false;
    }

    /// <summary>Lets the keys go once the file has been checked: the write pass does not need them, and at a million
    /// rows they are the largest thing the import holds while SQLite's merge needs memory of its own.</summary>
    public void Forget() => _lines = [];

    private static KeyDigest Digest(string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var bytes = length <= StackLimitBytes ? stackalloc byte[StackLimitBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(key, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], hash);
            return new KeyDigest(BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash[sizeof(ulong)..]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private readonly record struct KeyDigest(ulong Low, ulong High);
}
