using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerCore.Customers;
using CustomerCore.EntityFrameworkCore.Configurations;
using CustomerCore.Stores;
using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CustomerCore.EntityFrameworkCore.Stores;

/// <summary>
/// The till search as one statement prepared once per connection, on SQLite and PostgreSQL: the same lookups, till
/// order and hits as the LINQ statement of <see cref="EntityFrameworkCoreCustomerStore{TContext}.FindForTillAsync"/> (a
/// test runs both on the same data and compares every hit), written as SQL from the EF model's table and column names.
/// Through EF Core, SQLite compiled the statement on every search (Microsoft.Data.Sqlite finalizes statements when EF
/// Core closes the connection) and EF Core translated and materialized it, together several times the cost of the
/// seeks themselves. On SQLite it runs on a <see cref="PreparedReadConnections"/> connection and reads committed data,
/// so an in-memory database (which another connection cannot see) takes the LINQ statement; on PostgreSQL it runs on
/// the context's connection, prepared there. A search inside an open transaction takes the LINQ statement on both.
/// </summary>
internal static class PreparedTillSearch
{
    private static readonly ConditionalWeakTable<IModel, Names> NamesByModel = new();
    private static readonly ConcurrentDictionary<string, bool> FileDatabases = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> ReadConnectionStrings = new(StringComparer.Ordinal);

    // A one-word prefix longer than a visit key's three letters with at most this many matching words is ranked from its
    // own word range (reading each match's row, about 10 µs each) rather than checked along the three letters' keys.
    private const int NarrowWordMatches = 500;

    // A till asks with a handful of shapes; text typed with many name words makes more, which stay uncached past this.
    private const int MaxShapes = 512;

    // The fewest keys a part of a batched lookup is given: a list of fewer than twice this many is read on one
    // connection (see FindByKeysOnReadConnectionAsync).
    private const int KeysPerPart = 256;

    /// <summary>Called with each command just before it runs, in the async flow that set it: lets a test ask the
    /// database for the plan of exactly the statement and parameters the search sends (EF Core's command interceptors
    /// do not see it).</summary>
    internal static readonly AsyncLocal<Func<DbCommand, CancellationToken, Task>?> BeforeExecute = new();

    /// <summary>Whether the prepared statement can answer: SQLite on a database file or PostgreSQL, no open transaction
    /// (a search inside one may need to see its own uncommitted writes, which only the context's connection does on
    /// SQLite; PostgreSQL keeps the same rule so both behave alike).</summary>
    public static bool CanServe(DbContext context) =>
        context.Database.CurrentTransaction is null &&
        (DatabaseProviders.IsPostgreSql(context) ||
            (DatabaseProviders.IsSqlite(context) &&
             context.Database.GetConnectionString() is { } connectionString &&
             FileDatabases.GetOrAdd(connectionString, IsFileDatabase)));

    /// <summary>Runs the search; rows as the LINQ statement returns them (type-ahead branches not yet merged).</summary>
    public static async Task<List<TillSearchRow>> FindAsync(DbContext context, MerchantId merchantId, TillSearchKeys keys, CancellationToken cancellationToken)
    {
        var postgres = DatabaseProviders.IsPostgreSql(context);
        var names = NamesFor(context);

        // The text depends only on the shape of the search; composing it was a sixth of an exact phone search, so each
        // shape's text is kept and later searches of that shape only collect their parameter values.
        var statement = new Statement(names);
        var shape = Statement.ShapeOf(keys);
        string? sql;
        if (names.Texts.TryGetValue(shape, out var known))
        {
            sql = statement.Compose(merchantId, keys, withText: false) is null ? null : known.Sql;
            if (sql is not null && statement.ParameterNames.Count != known.Parameters)
            {
                throw new InvalidOperationException($"The till search of shape '{shape}' collected {statement.ParameterNames.Count} parameters for a text that has {known.Parameters}.");
            }
        }
        else
        {
            sql = statement.Compose(merchantId, keys, withText: true);
            if (sql is not null && names.Texts.Count < MaxShapes)
            {
                names.Texts.TryAdd(shape, (sql, statement.ParameterNames.Count));
            }
        }

        if (sql is null)
        {
            return [];
        }

        return postgres
            ? await FindOnContextConnectionAsync(context, names, statement, sql, cancellationToken).ConfigureAwait(false)
            : await FindOnReadConnectionAsync(context, names, statement, sql, cancellationToken).ConfigureAwait(false);
    }

    internal static Names NamesFor(DbContext context) =>
        NamesByModel.GetValue(context.Model, model => new Names(model, context.GetService<ISqlGenerationHelper>(), DatabaseProviders.IsPostgreSql(context)));

    /// <summary>
    /// The customers of <paramref name="merchantId"/> holding any of <paramref name="keys"/> (normalized emails or codes,
    /// or E.164 numbers as main or second phone, as <paramref name="kind"/> says), each once and in no order, read with
    /// one statement compiled once per read connection (SQLite files, as <see cref="CanServe"/> says). An import's check
    /// pass asks these once per chunk; through EF Core's query pipeline and materializer the email lookup was about half
    /// of re-importing an unchanged file (docs/performance.md, run S), and the code and phone lookups a quarter of
    /// checking new rows (run V). Rows are read by <see cref="EntityRowReader"/>, which builds the entity EF Core would.
    /// </summary>
    /// <remarks>
    /// A long list is cut into consecutive parts read at once, each on its own read connection and thread, one per core
    /// (at most as many as the pool keeps idle):
    /// building customers from their rows is CPU work (docs/performance.md, run V). Each part reads its own snapshot;
    /// that gives up nothing, as the lookup is no transaction (an import's chunks are read one after another), and an
    /// import's write re-verifies what it read.
    /// </remarks>
    public static async Task<List<Customer>> FindByKeysOnReadConnectionAsync(
        DbContext context, MerchantId merchantId, BatchedKey kind, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        // What the parts need of the context is taken here: a DbContext is not to be used from several threads at once.
        var names = NamesFor(context);
        var sql = names.ByKeys[(int)kind];
        var database = ReadDatabase.Of(context);
        // No more parts than the pool keeps connections idle: a part beyond that would open and compile anew each time.
        var parts = Math.Min(Math.Min(Environment.ProcessorCount, PreparedReadConnections.IdlePerDatabase), keys.Count / KeysPerPart);
        if (parts <= 1)
        {
            return await FindByKeysAsync(database, names, sql, merchantId, keys, cancellationToken).ConfigureAwait(false);
        }

        var reads = new Task<List<Customer>>[parts];
        for (var part = 0; part < parts; part++)
        {
            var start = keys.Count * part / parts;
            var slice = keys.Skip(start).Take((keys.Count * (part + 1) / parts) - start).ToList();
            reads[part] = Task.Run(() => FindByKeysAsync(database, names, sql, merchantId, slice, cancellationToken), cancellationToken);
        }

        // A customer can hold a phone of one part as its main number and one of another as its second.
        var found = await Task.WhenAll(reads).ConfigureAwait(false);
        return [.. found.SelectMany(customers => customers).DistinctBy(customer => customer.Id)];
    }

    private static async Task<List<Customer>> FindByKeysAsync(
        ReadDatabase database, Names names, string sql, MerchantId merchantId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        return await OnReadConnectionAsync(database, async lease =>
        {
            var command = lease.Command(sql, ["$merchant", "$keys"]);
            command.Parameters[0].Value = names.MerchantValue(merchantId);
            command.Parameters[1].Value = System.Text.Json.JsonSerializer.Serialize(keys);
            if (BeforeExecute.Value is { } observe)
            {
                await observe(command, cancellationToken).ConfigureAwait(false);
            }

            var customers = new List<Customer>(keys.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                customers.Add(names.Customers.Read<Customer>(reader, 0));
            }

            return customers;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="read"/> on a connection of <see cref="PreparedReadConnections"/>, where its commands
    /// stay compiled between calls: the connection goes back for the next call when the read succeeds and is closed when
    /// it fails. The one place the SQLite reads (till search, batched lookups) rent and return it.</summary>
    private static Task<T> OnReadConnectionAsync<T>(DbContext context, Func<PreparedReadConnections.Lease, Task<T>> read, CancellationToken cancellationToken) =>
        OnReadConnectionAsync(ReadDatabase.Of(context), read, cancellationToken);

    private static async Task<T> OnReadConnectionAsync<T>(ReadDatabase database, Func<PreparedReadConnections.Lease, Task<T>> read, CancellationToken cancellationToken)
    {
        var lease = await PreparedReadConnections.RentAsync(database.Factory, database.ConnectionString, SetUpReadConnectionAsync, cancellationToken).ConfigureAwait(false);
        T result;
        try
        {
            result = await read(lease).ConfigureAwait(false);
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        PreparedReadConnections.Return(lease);
        return result;
    }

    // SQLite: a connection of PreparedReadConnections, where the command stays compiled between searches.
    private static Task<List<TillSearchRow>> FindOnReadConnectionAsync(
        DbContext context, Names names, Statement statement, string sql, CancellationToken cancellationToken) =>
        OnReadConnectionAsync(context, lease =>
        {
            var command = lease.Command(sql, statement.ParameterNames);
            statement.Bind(command);
            return ReadAsync(command, names, cancellationToken);
        }, cancellationToken);

    // PostgreSQL: the context's own connection. Npgsql keeps a statement prepared on the physical connection it was
    // prepared on, across the pool's opens and closes, so Prepare() parses and plans a statement once per connection;
    // later calls find it prepared and cost no round trip.
    private static async Task<List<TillSearchRow>> FindOnContextConnectionAsync(
        DbContext context, Names names, Statement statement, string sql, CancellationToken cancellationToken)
    {
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            foreach (var name in statement.ParameterNames)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }

            statement.Bind(command);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            return await ReadAsync(command, names, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    private static async Task<List<TillSearchRow>> ReadAsync(DbCommand command, Names names, CancellationToken cancellationToken)
    {
        if (BeforeExecute.Value is { } observe)
        {
            await observe(command, cancellationToken).ConfigureAwait(false);
        }

        var rows = new List<TillSearchRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new TillSearchRow(names.Customers.Read<Customer>(reader, 2), reader.GetInt32(0), reader.GetInt64(1)));
        }

        return rows;
    }

    /// <summary>The page cache and secure delete of every adapter connection, and sorts in memory: each branch of a
    /// search sorts at most a page of keys, and with SQLite's default (a temporary file) every execution created and
    /// removed one (0.053 against 0.020 ms for a two-branch phone lookup, measured). The connection is not pooled by
    /// Microsoft.Data.Sqlite (<see cref="Unpooled"/>), so the setting never reaches a connection EF Core writes with,
    /// where a large import's temporary data belongs on disk.</summary>
    private static async Task SetUpReadConnectionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await SqliteConnectionInterceptor.SetUpAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store = MEMORY;";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The database a read connection of <see cref="PreparedReadConnections"/> opens: its provider and the
    /// connection string for reads.</summary>
    private sealed record ReadDatabase(DbProviderFactory Factory, string ConnectionString)
    {
        public static ReadDatabase Of(DbContext context) => new(
            DbProviderFactories.GetFactory(context.Database.GetDbConnection())!,
            ReadConnectionStrings.GetOrAdd(context.Database.GetConnectionString()!, Unpooled));
    }

    // PreparedReadConnections is the pool of these connections; closing one must really close it.
    private static string Unpooled(string connectionString) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString, ["Pooling"] = "False" }.ConnectionString;

    private static bool IsFileDatabase(string connectionString)
    {
        var settings = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Setting(params string[] keys) => keys.Select(k => settings.TryGetValue(k, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null).FirstOrDefault(v => v is not null);
        var source = Setting("Data Source", "DataSource", "Filename");
        return !string.IsNullOrEmpty(source) &&
            !string.Equals(source, ":memory:", StringComparison.OrdinalIgnoreCase) &&
            !string.Equals(Setting("Mode"), "Memory", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The delimited table and column names of the search, from the model (a vendor's context may prefix them).</summary>
    internal sealed class Names
    {
        public Names(IModel model, ISqlGenerationHelper sql, bool postgres)
        {
            PostgreSql = postgres;
            var customer = model.FindEntityType(typeof(Customer))!;
            var ticket = model.FindEntityType(typeof(TicketLink))!;
            var token = model.FindEntityType(typeof(CustomerNameToken))!;
            string Table(IEntityType type) => sql.DelimitIdentifier(type.GetTableName()!, type.GetSchema());
            string Column(IEntityType type, string property) =>
                sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName(StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema()))!);

            CustomerTable = Table(customer);
            Merchant = Column(customer, nameof(Customer.MerchantId));
            Id = Column(customer, nameof(Customer.Id));
            NameTokens = Column(customer, nameof(Customer.NameTokens));
            Email = Column(customer, nameof(Customer.NormalizedEmail));
            Code = Column(customer, nameof(Customer.NormalizedCustomerCode));
            Phone = Column(customer, nameof(Customer.PhoneE164));
            SecondaryPhone = Column(customer, nameof(Customer.SecondaryPhoneE164));
            DigitsReversed = Column(customer, nameof(Customer.PhoneDigitsReversed));
            PostalCode = Column(customer, nameof(Customer.NormalizedPostalCode));
            TicketTable = Table(ticket);
            TicketMerchant = Column(ticket, nameof(TicketLink.MerchantId));
            TicketCustomer = Column(ticket, nameof(TicketLink.CustomerId));
            TicketStatus = Column(ticket, nameof(TicketLink.Status));
            TicketSortKey = Column(ticket, TicketLinkConfiguration.SortKey);
            var status = ticket.FindProperty(nameof(TicketLink.Status))!.GetTypeMapping().Converter;
            object Stored(TicketStatus value) => status?.ConvertToProvider(value) ?? (long)value;
            VisitStatuses = [Stored(Tickets.TicketStatus.Completed), Stored(Tickets.TicketStatus.PartiallyRefunded)];
            TokenTable = Table(token);
            TokenMerchant = Column(token, nameof(CustomerNameToken.MerchantId));
            TokenWord = Column(token, nameof(CustomerNameToken.Token));
            TokenCustomer = Column(token, nameof(CustomerNameToken.CustomerId));
            var merchant = customer.FindProperty(nameof(Customer.MerchantId))!.GetTypeMapping().Converter;
            MerchantValue = id => merchant?.ConvertToProvider(id) ?? id.Value;
            Customers = EntityRowReader.For(model, typeof(Customer));
            CustomerColumns = string.Join(", ", Customers.ColumnNames.Select(c => "c." + sql.DelimitIdentifier(c)));
            string Holding(string column) =>
                $"SELECT {CustomerColumns} FROM {CustomerTable} AS c WHERE c.{Merchant} = $merchant AND c.{column} IN (SELECT value FROM json_each($keys))";

            // As the store's LINQ does: one index seek per phone column, the second leaving out what the first found.
            ByKeys =
            [
                Holding(Email),
                Holding(Code),
                $"{Holding(Phone)} UNION ALL {Holding(SecondaryPhone)} AND (c.{Phone} IS NULL OR c.{Phone} NOT IN (SELECT value FROM json_each($keys)))",
            ];
            KeySchema = new NameKeySchema(
                postgres, TokenTable, TokenMerchant, TokenCustomer, TokenWord, CustomerTable, Merchant, Id, NameTokens,
                TicketTable, TicketMerchant, TicketCustomer, TicketStatus, TicketSortKey, VisitStatuses);
        }

        /// <summary>The same names for the name index statements (<see cref="CustomerVisitKeys"/>).</summary>
        public NameKeySchema KeySchema { get; }

        public bool PostgreSql { get; }

        /// <summary>Each search shape's statement text (<see cref="Statement.ShapeOf"/>) and its number of parameters.</summary>
        public ConcurrentDictionary<string, (string Sql, int Parameters)> Texts { get; } = new(StringComparer.Ordinal);

        public string CustomerTable { get; }
        public string Merchant { get; }
        public string Id { get; }
        public string NameTokens { get; }
        public string Email { get; }
        public string Code { get; }
        public string Phone { get; }
        public string SecondaryPhone { get; }
        public string DigitsReversed { get; }
        public string PostalCode { get; }
        public string TicketTable { get; }
        public string TicketMerchant { get; }
        public string TicketCustomer { get; }
        public string TicketStatus { get; }
        public string TicketSortKey { get; }
        public object[] VisitStatuses { get; }
        public string TokenTable { get; }
        public string TokenMerchant { get; }
        public string TokenWord { get; }
        public string TokenCustomer { get; }
        public Func<MerchantId, object> MerchantValue { get; }
        public EntityRowReader Customers { get; }
        public string CustomerColumns { get; }

        /// <summary>The SQLite statements of <see cref="FindByKeysOnReadConnectionAsync"/>, by <see cref="BatchedKey"/>.</summary>
        public IReadOnlyList<string> ByKeys { get; }
    }

    /// <summary>One search's SQL text and parameters. The text depends only on the search's shape (<see cref="ShapeOf"/>),
    /// so each shape is composed once and compiled once per connection; the values change per search.</summary>
    internal sealed class Statement(Names n)
    {
        private readonly List<string> _parameterNames = [];
        private readonly List<object?> _parameterValues = [];
        private bool _withText = true;

        /// <summary>
        /// What the text of a search depends on besides the model: the limit, which keys are present, and for name words
        /// whether the pair keys answer and which prefixes have an upper bound (a test composes many searches and checks
        /// that equal shapes give equal texts and different texts different shapes).
        /// </summary>
        public static string ShapeOf(TillSearchKeys keys)
        {
            var shape = new System.Text.StringBuilder(32);
            shape.Append(keys.Limit.ToString(CultureInfo.InvariantCulture)).Append('|')
                .Append(keys.NormalizedEmail is null ? '-' : 'E')
                .Append(keys.NormalizedCustomerCode is null ? '-' : 'C')
                .Append(keys.PhoneE164 is null ? '-' : 'P')
                .Append(keys.PhonePrefixE164 is null ? '-' : 'T')
                .Append(keys.ReversedDigitsPrefix is null ? '-' : Bounded(keys.ReversedDigitsPrefix))
                .Append(keys.NormalizedPostalCode is null ? '-' : 'S')
                .Append('|');
            if (keys.NameTokenPrefixes is { Count: > 0 } tokens)
            {
                var prefixes = tokens.Distinct(StringComparer.Ordinal).ToList();
                if (prefixes.Count == 1 && CustomerNameIndex.VisitRangeFor(prefixes[0]) is not null)
                {
                    shape.Append(prefixes[0].Length == CustomerNameIndex.PairPrefixLength ? 'v' : 'g');
                }
                else if (CustomerNameIndex.PairRangeFor(prefixes) is { } pair)
                {
                    shape.Append('p');
                    foreach (var check in pair.Checks)
                    {
                        shape.Append(Bounded(check));
                    }

                    shape.Append('|');
                }

                foreach (var prefix in prefixes)
                {
                    shape.Append(Bounded(prefix));
                }
            }

            return shape.ToString();

            static char Bounded(string prefix) => KeyPrefix.UpperBound(prefix) is null ? 'o' : 'r';
        }

        public IReadOnlyList<string> ParameterNames => _parameterNames;

        public IReadOnlyList<object?> ParameterValues => _parameterValues;

        /// <summary>Sets the values of this search on a command created with <see cref="ParameterNames"/>.</summary>
        public void Bind(DbCommand command)
        {
            for (var i = 0; i < _parameterValues.Count; i++)
            {
                command.Parameters[i].Value = _parameterValues[i];
            }
        }

        /// <summary>Collects the parameter values of the search and, when <paramref name="withText"/>, writes its text;
        /// null when the search has nothing to look up, the empty string when the text was not asked for.</summary>
        public string? Compose(MerchantId merchantId, TillSearchKeys keys, bool withText)
        {
            _withText = withText;
            var merchant = Parameter(n.MerchantValue(merchantId));
            var completed = Parameter(n.VisitStatuses[0]);
            var refunded = Parameter(n.VisitStatuses[1]);
            // The limit is part of the text, not a parameter: with a constant, SQLite sorts into a bounded top-N list;
            // with a parameter it built a full sorter per branch, four times slower (0.29 against 0.06 ms measured for
            // the phone branch). A till asks with one or two limits, so this adds a statement or two per shape.
            var limit = keys.Limit.ToString(CultureInfo.InvariantCulture);
            var branches = new List<string>();

            // The key of each match, what it is ranked by (latest visit from the (merchant, customer, sort key) index, -1
            // for never; the first two name words) and the lookup that found it.
            string Visit(string merchantColumn, string customerColumn) => !_withText ? string.Empty :
                $"COALESCE((SELECT MAX(t.{n.TicketSortKey}) FROM {n.TicketTable} AS t WHERE t.{n.TicketMerchant} = {merchantColumn} AND t.{n.TicketCustomer} = {customerColumn} AND t.{n.TicketStatus} IN ({completed}, {refunded})), -1) AS visit, ";
            string Arm(MatchReason reason, string condition, string? orderAndLimit = null) => !_withText ? string.Empty :
                $"SELECT c.{n.Merchant} AS m, c.{n.Id} AS id, {(int)reason} AS reason, " +
                Visit($"c.{n.Merchant}", $"c.{n.Id}") +
                $"COALESCE({n.KeySchema.Word("c", 0)}, '') AS w0, COALESCE({n.KeySchema.Word("c", 1)}, '') AS w1 " +
                $"FROM {n.CustomerTable} AS c WHERE c.{n.Merchant} = {merchant} AND {condition}" +
                (orderAndLimit is null ? string.Empty : " " + orderAndLimit);
            void InTillOrder(string take, params string[] arms) =>
                branches.Add(!_withText ? string.Empty : $"SELECT * FROM (SELECT * FROM ({string.Join(" UNION ALL ", arms)}) AS a ORDER BY visit DESC, w0, w1, id LIMIT {take}) AS r");

            if (keys.NormalizedEmail is { } email)
            {
                InTillOrder("1", Arm(MatchReason.Email, $"c.{n.Email} = {Parameter(email)}"));
            }

            if (keys.NormalizedCustomerCode is { } code)
            {
                InTillOrder("1", Arm(MatchReason.CustomerCode, $"c.{n.Code} = {Parameter(code)}"));
            }

            string? wholePhone = null;
            if (keys.PhoneE164 is { } e164)
            {
                var phone = wholePhone = Parameter(e164);
                InTillOrder(
                    limit,
                    Arm(MatchReason.Phone, $"c.{n.Phone} = {phone}"),
                    Arm(MatchReason.Phone, $"c.{n.SecondaryPhone} = {phone} AND (c.{n.Phone} IS NULL OR c.{n.Phone} <> {phone})"));
            }

            var typeAheadFillsThePage = string.Empty;
            if (keys.PhonePrefixE164 is { } prefix)
            {
                // Each phone index walked in phone order, stopping after a page; merged in phone order by the caller.
                var from = Parameter(prefix);
                var to = Parameter(KeyPrefix.UpperBound(prefix)!);
                typeAheadFillsThePage = $"(SELECT COUNT(*) FROM (SELECT 1 FROM {n.CustomerTable} AS f WHERE f.{n.Merchant} = {merchant} AND f.{n.Phone} >= {from} AND f.{n.Phone} < {to} LIMIT {limit}) AS f) >= {limit}";
                branches.Add($"SELECT * FROM ({Arm(MatchReason.PhonePrefix, $"c.{n.Phone} >= {from} AND c.{n.Phone} < {to}", $"ORDER BY c.{n.Phone}, c.{n.Id} LIMIT {limit}")}) AS r");
                branches.Add($"SELECT * FROM ({Arm(MatchReason.PhonePrefix, $"c.{n.SecondaryPhone} >= {from} AND c.{n.SecondaryPhone} < {to} AND (c.{n.Phone} IS NULL OR c.{n.Phone} < {from} OR c.{n.Phone} >= {to})", $"ORDER BY c.{n.SecondaryPhone}, c.{n.Id} LIMIT {limit}")}) AS r");
            }

            if (keys.ReversedDigitsPrefix is { } reversed)
            {
                // Last-digit matches rank after type-ahead ones: when type-ahead fills the page they cannot be on it, and
                // the store flags the type-ahead matches whose last digits match when it reads the rows (ToHits).
                // Nor does it list again the customers the whole number found: reading, ranking and joining each one a second
                // time made a phone search cost twice an email search; the store flags them when it reads the rows too.
                var unlessTypeAheadFills = typeAheadFillsThePage.Length == 0 ? string.Empty : $" AND NOT {typeAheadFillsThePage}";
                var unlessFoundByPhone = wholePhone is null ? string.Empty :
                    $" AND (c.{n.Phone} IS NULL OR c.{n.Phone} <> {wholePhone}) AND (c.{n.SecondaryPhone} IS NULL OR c.{n.SecondaryPhone} <> {wholePhone})";
                InTillOrder(limit, Arm(MatchReason.PhoneLastDigits, Range($"c.{n.DigitsReversed}", reversed) + unlessTypeAheadFills + unlessFoundByPhone));
            }

            if (keys.NormalizedPostalCode is { } postal)
            {
                InTillOrder(limit, Arm(MatchReason.PostalCode, $"c.{n.PostalCode} = {Parameter(postal)}"));
            }

            if (keys.NameTokenPrefixes is { Count: > 0 } tokens)
            {
                var prefixes = tokens.Distinct(StringComparer.Ordinal).ToList();
                string HasWord(string merchantColumn, string customerColumn, string prefix) =>
                    !_withText ? Range(string.Empty, prefix) : $"EXISTS (SELECT 1 FROM {n.TokenTable} AS v WHERE v.{n.TokenMerchant} = {merchantColumn} AND v.{n.TokenCustomer} = {customerColumn} AND {Range($"v.{n.TokenWord}", prefix)})";
                string ManyWordsArm(string condition) => Arm(
                    MatchReason.Name,
                    $"c.{n.Id} IN (SELECT k.{n.TokenCustomer} FROM {n.TokenTable} AS k WHERE k.{n.TokenMerchant} = {merchant} AND k.{n.TokenWord} = {Parameter(CustomerNameIndex.ManyWordsKey)})" +
                    string.Concat(prefixes.Select(prefix => " AND " + HasWord($"c.{n.Merchant}", $"c.{n.Id}", prefix))) + condition);
                // Each word prefix a range scan of the (merchant, word, customer) index; a customer must be in all of them.
                string IntersectionArm(string condition) => Arm(
                    MatchReason.Name,
                    $"c.{n.Id} IN ({string.Join(" INTERSECT ", prefixes.Select(token => $"SELECT k.{n.TokenCustomer} FROM {n.TokenTable} AS k WHERE k.{n.TokenMerchant} = {merchant} AND {Range($"k.{n.TokenWord}", token)}"))})" + condition);
                if (prefixes.Count == 1 && CustomerNameIndex.VisitRangeFor(prefixes[0]) is { } visit)
                {
                    // One word of three letters or more: the first keys of its visit key range are the first page in till
                    // order, read straight off the index (latest visit, then name, then id). Customers with too many words
                    // for keys are read and checked beside them.
                    var word = prefixes[0];
                    var (broad, guard) = (string.Empty, string.Empty);
                    if (word.Length > CustomerNameIndex.PairPrefixLength)
                    {
                        // Longer prefixes are checked on each key's customer, which is quick while they are common among
                        // the three letters' keys and slow when rare; a rare one's own word range is short, so up to a
                        // few hundred matches are ranked the intersection's way instead. The count runs once per search.
                        var count = $"(SELECT COUNT(*) FROM (SELECT 1 FROM {n.TokenTable} AS g WHERE g.{n.TokenMerchant} = {merchant} AND {Range($"g.{n.TokenWord}", word)} LIMIT {NarrowWordMatches + 1}) AS g)";
                        InTillOrder(limit, IntersectionArm($" AND {count} <= {NarrowWordMatches}"));
                        broad = $" AND {count} > {NarrowWordMatches}";
                        guard = broad + " AND " + HasWord($"k.{n.TokenMerchant}", $"k.{n.TokenCustomer}", word);
                    }

                    branches.Add(!_withText ? Parameter(visit.From) + Parameter(visit.To) + guard :
                        $"SELECT * FROM (SELECT k.{n.TokenMerchant} AS m, k.{n.TokenCustomer} AS id, {(int)MatchReason.Name} AS reason, " + Visit($"k.{n.TokenMerchant}", $"k.{n.TokenCustomer}") +
                        $"'' AS w0, '' AS w1 FROM {n.TokenTable} AS k WHERE k.{n.TokenMerchant} = {merchant} AND k.{n.TokenWord} >= {Parameter(visit.From)} AND k.{n.TokenWord} < {Parameter(visit.To)}{guard} " +
                        $"ORDER BY k.{n.TokenWord}, k.{n.TokenCustomer} LIMIT {limit}) AS r");
                    InTillOrder(limit, ManyWordsArm(broad));
                }
                else if (CustomerNameIndex.PairRangeFor(prefixes) is { } pair)
                {
                    // The pair keys' range in name order: each key's name part is the customer's first two words, so the
                    // ranking reads the index and the visits, not the customers' rows.
                    var checks = string.Concat(pair.Checks.Select(prefix => " AND " + HasWord($"k.{n.TokenMerchant}", $"k.{n.TokenCustomer}", prefix)));
                    InTillOrder(
                        limit,
                        $"SELECT k.{n.TokenMerchant} AS m, k.{n.TokenCustomer} AS id, {(int)MatchReason.Name} AS reason, " + Visit($"k.{n.TokenMerchant}", $"k.{n.TokenCustomer}") +
                        $"substr(k.{n.TokenWord}, {CustomerNameIndex.PairPartLength + 1}) AS w0, '' AS w1 FROM {n.TokenTable} AS k " +
                        $"WHERE k.{n.TokenMerchant} = {merchant} AND k.{n.TokenWord} >= {Parameter(pair.From)} AND k.{n.TokenWord} < {Parameter(pair.To)}{checks}");

                    // Customers whose names have too many words (or too long a name) to pair: their rows, each prefix checked.
                    InTillOrder(limit, ManyWordsArm(string.Empty));
                }
                else
                {
                    InTillOrder(limit, IntersectionArm(string.Empty));
                }
            }

            if (branches.Count == 0)
            {
                return null;
            }

            // A left join planned as a primary-key seek per match (see the LINQ statement); each key comes from this
            // statement's snapshot, so each finds its customer.
            return !_withText ? string.Empty : $"SELECT b.reason, b.visit, {n.CustomerColumns} FROM ({string.Join(" UNION ALL ", branches)}) AS b " +
                $"LEFT JOIN {n.CustomerTable} AS c ON c.{n.Merchant} = b.m AND c.{n.Id} = b.id";
        }

        private string Range(string column, string prefix)
        {
            var from = $"{column} >= {Parameter(prefix)}";
            return KeyPrefix.UpperBound(prefix) is { } upper ? $"{from} AND {column} < {Parameter(upper)}" : from;
        }

        private string Parameter(object? value)
        {
            var name = (n.PostgreSql ? "@p" : "$p") + _parameterNames.Count.ToString(CultureInfo.InvariantCulture);
            _parameterNames.Add(name);
            _parameterValues.Add(value);
            return name;
        }
    }
}

/// <summary>What the keys of a batched lookup (<see cref="PreparedTillSearch.FindByKeysOnReadConnectionAsync"/>) are.</summary>
internal enum BatchedKey
{
    /// <summary>Normalized emails.</summary>
    Email,

    /// <summary>Normalized customer codes.</summary>
    Code,

    /// <summary>E.164 numbers, main or second phone.</summary>
    Phone,
}
