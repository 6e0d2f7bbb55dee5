using CustomerCore.EntityFrameworkCore.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore.Tests.Importing;

/// <summary>
/// The SQLite set-based insert sends its rows as binary JSON (<see cref="SqliteJsonbRows"/>). Every column of rows
/// inserted that way must store the same storage class and the same value as <c>SaveChanges</c> stores, for the values
/// the encoding treats specially: text that JSON would escape, text long enough for each header width, the extremes of
/// integers, and every date, time and number type the inserter takes; with more columns than one group of the row.
/// </summary>
public sealed class SqliteSetBasedValuesTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "customercore-jsonb-" + Guid.NewGuid().ToString("N")[..12] + ".db");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Texts => new()
    {
        string.Empty,
        "plain",
        "eleven char",
        "twelve chars",
        "quote \" backslash \\ slash / tab \t newline \n nul \0 bell \u0001 delete \u007f",
        "Zoë Ångström 東京 🙂",
        new string('x', 255),
        new string('y', 256),
        new string('é', 40_000),
        new string('z', 70_000),
    };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task EveryColumn_StoresWhatSaveChangesStores(string text)
    {
        await using var context = new ProbeContext(_file);
        await context.Database.EnsureCreatedAsync(Ct);
        var saved = NewProbe(1, text, flag: true, count: long.MinValue);
        var inserted = new List<Probe> { NewProbe(2, text, flag: true, count: long.MinValue), NewProbe(3, text, flag: false, count: long.MaxValue) };
        context.Add(saved);
        await context.SaveChangesAsync(Ct);
        context.Add(NewProbe(4, text, flag: false, count: long.MaxValue));
        await context.SaveChangesAsync(Ct);

        Assert.True(await SetBasedRowInserter.TryInsertAsync(context, inserted, Ct));

        var stored = await ReadAsync();
        Assert.Equal(4, stored.Count);
        AssertSameCells(stored[1], stored[2]);
        AssertSameCells(stored[4], stored[3]);
        Assert.Equal(text, stored[2]["Text"].Value);
    }

    [Fact]
    public async Task ManyRows_FillAnOuterArrayPastSixtyFourKilobytes()
    {
        await using var context = new ProbeContext(_file);
        await context.Database.EnsureCreatedAsync(Ct);
        var rows = Enumerable.Range(1, 1_000).Select(i => NewProbe(i, new string('r', i), flag: i % 2 == 0, count: i * 1_000_003L)).ToList();

        Assert.True(await SetBasedRowInserter.TryInsertAsync(context, rows, Ct));

        var stored = await ReadAsync();
        Assert.Equal(1_000, stored.Count);
        Assert.All(rows, row => Assert.Equal(row.Text, stored[row.Id]["Text"].Value));
        Assert.All(rows, row => Assert.Equal(row.Count, stored[row.Id]["Count"].Value));
    }

    /// <summary>A chunk is encoded in parts at once, one per core (<see cref="SqliteJsonbRows.RowsPerPart"/>): the bytes
    /// must be the same however the rows are cut, including parts of no row and a last part shorter than the others.</summary>
    [Fact]
    public void EncodingInParts_GivesTheBytesOfOnePart()
    {
        using var context = new ProbeContext(_file);
        var entityType = context.Model.FindEntityType(typeof(Probe))!;
        var columns = SetBasedRowInserter.Columns(entityType, Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entityType.GetTableName()!, null));
        foreach (var count in new[] { 0, 1, 3, 7, 600 })
        {
            var rows = Enumerable.Range(1, count).Select(i => NewProbe(i, i % 5 == 0 ? "Zoë 東京 🙂" : new string('p', i % 300), flag: i % 2 == 0, count: -i)).ToList();
            var whole = SqliteJsonbRows.Encode(rows, columns, parts: 1);
            foreach (var parts in new[] { 2, 3, 4 })
            {
                Assert.Equal(whole, SqliteJsonbRows.Encode(rows, columns, parts));
            }
        }
    }

    private static Probe NewProbe(int id, string text, bool flag, long count) => new()
    {
        Id = id,
        Key = new Guid("0a1b2c3d-4e5f-6a7b-8c9d-aebfc0d1e2f3"),
        Text = text,
        Missing = null,
        Flag = flag,
        Count = count,
        Small = -7,
        Byte = 255,
        Amount = -1234567890.123456789012345678m,
        Whole = 42m,
        At = new DateTimeOffset(2026, 12, 5, 7, 8, 9, TimeSpan.FromMinutes(330)).AddTicks(1234567),
        AtUtc = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Local = new DateTime(2025, 6, 30, 23, 59, 59, DateTimeKind.Unspecified).AddTicks(9),
        Day = new DateOnly(1990, 2, 28),
        Time = new TimeOnly(13, 14, 15).Add(TimeSpan.FromTicks(1)),
        Letter = 'Ø',
        Kind = ProbeKind.Second,
    };

    private async Task<Dictionary<long, Dictionary<string, (string Type, object? Value)>>> ReadAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file }.ToString());
        await connection.OpenAsync(Ct);
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('Probes') ORDER BY cid";
            await using var reader = await info.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                columns.Add(reader.GetString(0));
            }
        }

        Assert.True(columns.Count > SqliteJsonbRows.GroupSize * 2, "the probe must span more than two column groups");
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => $"typeof(\"{c}\"), \"{c}\""))} FROM Probes";
        var rows = new Dictionary<long, Dictionary<string, (string, object?)>>();
        await using var rowReader = await command.ExecuteReaderAsync(Ct);
        while (await rowReader.ReadAsync(Ct))
        {
            var row = new Dictionary<string, (string, object?)>();
            for (var i = 0; i < columns.Count; i++)
            {
                row[columns[i]] = (rowReader.GetString(2 * i), rowReader.IsDBNull(2 * i + 1) ? null : rowReader.GetValue(2 * i + 1));
            }

            rows.Add((long)row["Id"].Item2!, row);
        }

        return rows;
    }

    private static void AssertSameCells(Dictionary<string, (string Type, object? Value)> expected, Dictionary<string, (string Type, object? Value)> actual)
    {
        foreach (var (column, (type, value)) in expected.Where(c => c.Key != "Id"))
        {
            Assert.True(type == actual[column].Type, $"{column}: stored as {actual[column].Type} by the set-based insert, {type} by SaveChanges");
            Assert.True(Equals(value, actual[column].Value), $"{column}: {actual[column].Value} inserted, {value} saved");
        }
    }

    private enum ProbeKind
    {
        First,
        Second,
    }

    private sealed class Probe
    {
        public long Id { get; set; }

        public Guid Key { get; set; }

        public string Text { get; set; } = string.Empty;

        public string? Missing { get; set; }

        public bool Flag { get; set; }

        public long Count { get; set; }

        public short Small { get; set; }

        public byte Byte { get; set; }

        public decimal Amount { get; set; }

        public decimal Whole { get; set; }

        public DateTimeOffset At { get; set; }

        public DateTimeOffset AtUtc { get; set; }

        public DateTime Local { get; set; }

        public DateOnly Day { get; set; }

        public TimeOnly Time { get; set; }

        public char Letter { get; set; }

        public ProbeKind Kind { get; set; }
    }

    private sealed class ProbeContext(string file) : DbContext
    {
        protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
            optionsBuilder.UseSqlite(new SqliteConnectionStringBuilder { DataSource = file }.ToString());

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            var probe = modelBuilder.Entity<Probe>();
            probe.ToTable("Probes");
            probe.Property(p => p.Id).ValueGeneratedNever();
            probe.Property(p => p.Kind).HasConversion<string>();
        }
    }
}
