using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace CustomerCore.Importing;

/// <summary>
/// The first line of a file on which each key (an email, a customer code, a phone) appeared, to report a key that
/// repeats in the file. The key is kept as a 96-bit digest, not as the string: a million-row file held three million
/// strings (about 260 MB, each walked by every full collection). Two different keys share a digest (SHA-256 cut to 96
/// bits) with a probability of about 10^-17 for a million keys, far below that of a disk error; the report would then
/// name a line whose key only looks repeated.
/// </summary>
/// <remarks>
/// The digests live in one open-addressed table of 16-byte slots in native memory, outside the collector's heap. Held
/// as a dictionary on the heap they were the only large thing to survive the check pass (about 110 MB at a million
/// rows), and the collector, which sizes its budget by what survives, let the heap grow by as much again in garbage
/// before collecting it: a million-row check peaked near 420 MB, against 150 MB without the digests. The table is freed
/// by <see cref="Forget"/> or <see cref="Dispose"/> (a finalizer covers a run that is dropped unfinished).
/// </remarks>
internal sealed unsafe class FirstLineByKey : IDisposable
{
    private const int StackLimitBytes = 512;
    private const nuint InitialSlots = 1024;

    // Linear probing stays short below this load; the table grows by half, so its load stays between 0.47 and 0.7.
    private const double MaxLoad = 0.7;

    private Slot* _slots;
    private nuint _capacity;
    private nuint _count;

    ~FirstLineByKey() => Free();

    /// <summary>Records <paramref name="line"/> for <paramref name="key"/> unless the key was seen before; then
    /// <paramref name="firstLine"/> is where.</summary>
    public bool TryAdd(string key, long line, out long firstLine)
    {
        // Line 0 marks an empty slot; the header is line 1, so rows start at 2.
        ArgumentOutOfRangeException.ThrowIfLessThan(line, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(line, uint.MaxValue);
        if (_count + 1 > (nuint)(_capacity * MaxLoad))
        {
            Grow();
        }

        var (low, high) = Digest(key);
        var index = IndexOf(low, _capacity);
        while (true)
        {
            ref var slot = ref _slots[index];
            if (slot.Line == 0)
            {
                slot = new Slot(low, high, (uint)line);
                _count++;
                firstLine = line;
                return true;
            }

            if (slot.Low == low && slot.High == high)
            {
                firstLine = slot.Line;
                return false;
            }

            index = index + 1 == _capacity ? 0 : index + 1;
        }
    }

    /// <summary>Lets the keys go once the file has been checked: the write pass does not need them, and at a million
    /// rows they are the largest thing the import holds while SQLite's merge needs memory of its own.</summary>
    public void Forget() => Free();

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        NativeMemory.Free(_slots);
        _slots = null;
        _capacity = 0;
        _count = 0;
    }

    private void Grow()
    {
        var capacity = _capacity == 0 ? InitialSlots : _capacity + (_capacity / 2);
        var slots = (Slot*)NativeMemory.AllocZeroed(capacity, (nuint)sizeof(Slot));
        for (nuint i = 0; i < _capacity; i++)
        {
            var slot = _slots[i];
            if (slot.Line == 0)
            {
                continue;
            }

            var index = IndexOf(slot.Low, capacity);
            while (slots[index].Line != 0)
            {
                index = index + 1 == capacity ? 0 : index + 1;
            }

            slots[index] = slot;
        }

        NativeMemory.Free(_slots);
        _slots = slots;
        _capacity = capacity;
    }

    // The digest is already uniform, so its top bits scaled to the table's size pick the slot (no modulo, any size).
    private static nuint IndexOf(ulong low, nuint capacity) => (nuint)Math.BigMul(low, (ulong)capacity, out _);

    private static (ulong Low, uint High) Digest(string key)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var bytes = length <= StackLimitBytes ? stackalloc byte[StackLimitBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(key, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], hash);
            return (BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt32LittleEndian(hash[sizeof(ulong)..]));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Slot(ulong Low, uint High, uint Line);
}
