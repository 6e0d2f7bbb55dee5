using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CustomerCore.Importing;

/// <summary>
/// Version-7 ids (RFC 9562) that increase in the order they are made, for the customers one import creates: the run's
/// instant, then a 32-bit counter in the bits the RFC leaves to the generator (its "fixed-length dedicated counter"), then
/// 42 random bits.
/// </summary>
/// <remarks>
/// An import stamps every row with one instant, so <see cref="Guid.CreateVersion7(DateTimeOffset)"/> gave all its customers
/// the same millisecond and random bits after it: their keys came in random order. Every index that leads with the
/// customer id (the customers' own key, their name rows', their batch entries') then took each new row on a random page,
/// and a database whose page cache is smaller than the index wrote those pages out and read them back over and over (on
/// SQLite, 15 to 22 writes of each page of those indexes for 100,000 new customers; docs/performance.md, run S). In file
/// order the keys append. The counter starts at a random value below 2^31, so two imports that share a millisecond still
/// differ in their random bits and each has at least 2^31 ids before the counter carries into the timestamp.
/// </remarks>
internal sealed class SequentialVersion7Ids(DateTimeOffset instant, long firstCounter)
{
    private readonly long _unixMilliseconds = instant.ToUnixTimeMilliseconds();
    private long _counter = firstCounter;

    public SequentialVersion7Ids(DateTimeOffset instant)
        : this(instant, RandomNumberGenerator.GetInt32(int.MaxValue))
    {
    }

    /// <summary>The next id: greater, in the byte order both databases sort ids in, than every id this instance made before.</summary>
    public Guid Next()
    {
        var counter = _counter++;
        var milliseconds = _unixMilliseconds + (counter >> 32);
        var low = (uint)counter;

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        RandomNumberGenerator.Fill(bytes[10..]);

        // Version 7, then the counter's top 12 bits; the variant (10), then its next 6, 8 and 6 bits; then 2 random bits
        // and 40 more.
        bytes[6] = (byte)(0x70 | (low >> 28));
        bytes[7] = (byte)(low >> 20);
        bytes[8] = (byte)(0x80 | ((low >> 14) & 0x3F));
        bytes[9] = (byte)(low >> 6);
        bytes[10] = (byte)((low << 2) | (bytes[10] & 0x03u));
        return new Guid(bytes, bigEndian: true);
    }
}
