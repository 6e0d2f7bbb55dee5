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
/// </summary>
internal sealed class FirstLineByKey
{
    private const int StackLimitBytes = 512;

    private readonly Dictionary<UInt128, long> _lines = [];

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

    private static UInt128 Digest(string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var bytes = length <= StackLimitBytes ? stackalloc byte[StackLimitBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(key, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], hash);
            return BinaryPrimitives.ReadUInt128LittleEndian(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
