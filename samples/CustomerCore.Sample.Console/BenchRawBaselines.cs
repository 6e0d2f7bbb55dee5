using System.Globalization;
using CsvHelper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace CustomerCore.Sample.Console;

/// <summary>
/// The raw baselines the import is measured against, in one place: the CLI's <c>bench</c> command and the
/// BenchmarkDotNet project (which links this file) both use them, so a ratio means the same in both.
/// </summary>
internal static class BenchRawBaselines
{
    /// <summary>The raw baseline: read every field of every record as a string, as the importer must.</summary>
    public static long Parse(string file)
    {
        using var reader = CsvReader.Create(File.OpenRead(file), CsvReaderOptions.Default, leaveOpen: false);
        reader.ReadHeader();
        long characters = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                characters += reader.GetString(i).Length;
            }
        }

        return characters;
    }

    /// <summary>
    /// The raw baseline: one pass of CsvHelper over the same file into one prepared INSERT … ON CONFLICT DO UPDATE,
    /// keyed by (merchant, lower-cased email), in one transaction, on a table with the same lookup indexes as the
    /// customer table (email, code, phone, postal code) but none of CustomerCore's rules, journaled as EF Core's file is.
    /// </summary>
    public static void Upsert(string database, MerchantId merchant, string file)
    {
        using var connection = new SqliteConnection($"Data Source={database}");
        connection.Open();

        // EF Core switches a SQLite file it creates to write-ahead logging; the baseline must journal the same way.
        Execute(connection, "PRAGMA journal_mode = 'wal';");
        Execute(connection, """
            CREATE TABLE Customers (
                Id TEXT NOT NULL PRIMARY KEY, MerchantId TEXT NOT NULL, FirstName TEXT, LastName TEXT, Email TEXT,
                NormalizedEmail TEXT, Phone TEXT, AddressLine1 TEXT, City TEXT, PostalCode TEXT, Country TEXT,
                CustomerCode TEXT, Tags TEXT, Version INTEGER NOT NULL);
            CREATE UNIQUE INDEX IX_Raw_Email ON Customers (MerchantId, NormalizedEmail);
            CREATE UNIQUE INDEX IX_Raw_Code ON Customers (MerchantId, CustomerCode);
            CREATE INDEX IX_Raw_Phone ON Customers (MerchantId, Phone, Id);
            CREATE INDEX IX_Raw_PostalCode ON Customers (MerchantId, PostalCode, Id);
            """);

        using var transaction = connection.BeginTransaction();
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO Customers (Id, MerchantId, FirstName, LastName, Email, NormalizedEmail, Phone, AddressLine1, City, PostalCode, Country, CustomerCode, Tags, Version)
            VALUES ($id, $merchant, $c0, $c1, $c2, $email, $c3, $c4, $c5, $c6, $c7, $c8, $c9, 1)
            ON CONFLICT (MerchantId, NormalizedEmail) DO UPDATE SET
                FirstName = excluded.FirstName, LastName = excluded.LastName, Email = excluded.Email, Phone = excluded.Phone,
                AddressLine1 = excluded.AddressLine1, City = excluded.City, PostalCode = excluded.PostalCode,
                Country = excluded.Country, CustomerCode = excluded.CustomerCode, Tags = excluded.Tags, Version = Version + 1
            """;
        var id = upsert.Parameters.Add("$id", SqliteType.Text);
        upsert.Parameters.AddWithValue("$merchant", merchant.Value);
        var email = upsert.Parameters.Add("$email", SqliteType.Text);
        var cells = new SqliteParameter[BenchWorkload.Headers.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            cells[i] = upsert.Parameters.Add("$c" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text);
        }

        upsert.Prepare();
        using var reader = CsvReader.Create(File.OpenRead(file), CsvReaderOptions.Default, leaveOpen: false);
        reader.ReadHeader();
        while (reader.Read())
        {
            for (var i = 0; i < cells.Length; i++)
            {
                cells[i].Value = reader.GetString(i);
            }

            id.Value = Guid.CreateVersion7().ToString();
            email.Value = reader.GetString(2).Trim().ToLowerInvariant();
            upsert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The PostgreSQL baseline: one pass of CsvHelper over the same file into one binary <c>COPY</c>, in one
    /// transaction, into a new table with the same lookup indexes as the SQLite baseline's (email and code unique,
    /// phone, postal code), and none of CustomerCore's rules.
    /// </summary>
    public static async Task PostgresCopyAsync(string connectionString, MerchantId merchant, string file, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE raw_customers (
                    id uuid NOT NULL PRIMARY KEY, merchant_id text NOT NULL, first_name text, last_name text, email text,
                    normalized_email text, phone text, address_line1 text, city text, postal_code text, country text,
                    customer_code text, tags text, version bigint NOT NULL);
                CREATE UNIQUE INDEX ix_raw_email ON raw_customers (merchant_id, normalized_email);
                CREATE UNIQUE INDEX ix_raw_code ON raw_customers (merchant_id, customer_code);
                CREATE INDEX ix_raw_phone ON raw_customers (merchant_id, phone, id);
                CREATE INDEX ix_raw_postal ON raw_customers (merchant_id, postal_code, id);
                """;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY raw_customers (id, merchant_id, first_name, last_name, email, normalized_email, phone, address_line1, city, postal_code, country, customer_code, tags, version) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            using var reader = CsvReader.Create(File.OpenRead(file), CsvReaderOptions.Default, leaveOpen: false);
            reader.ReadHeader();
            while (reader.Read())
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(merchant.Value, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(reader.GetString(0), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(reader.GetString(1), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(reader.GetString(2), NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(reader.GetString(2).Trim().ToLowerInvariant(), NpgsqlDbType.Text, cancellationToken);
                for (var i = 3; i < BenchWorkload.Headers.Length; i++)
                {
                    await copy.WriteAsync(reader.GetString(i), NpgsqlDbType.Text, cancellationToken);
                }

                await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
