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
/// The till search on SQLite as one statement compiled once per connection: the same lookups, till order and result
/// as the LINQ statement of <see cref="EntityFrameworkCoreCustomerStore{TContext}.FindForTillAsync"/> (a test runs both
/// on the same data and compares every hit), written as SQL from the EF model's table and column names and run on a
/// <see cref="PreparedReadConnections"/> connection. Through EF Core, SQLite compiled the statement on every search
/// and EF Core translated and materialized it, together several times the cost of the seeks themselves. It reads
/// committed data on its own connection, so a search inside an open transaction (which may see its own uncommitted
/// writes) and an in-memory database (which another connection cannot see) take the LINQ statement instead.
/// </summary>
internal static class SqliteTillSearch
{
    private static readonly ConditionalWeakTable<IModel, Names> NamesByModel = new();
    private static readonly ConcurrentDictionary<string, bool> FileDatabases = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> ReadConnectionStrings = new(StringComparer.Ordinal);

    /// <summary>Called with each command just before it runs, in the async flow that set it: lets a test ask the
    /// database for the plan of exactly the statement and parameters the search sends (EF Core's command interceptors
    /// do not see it).</summary>
    internal static readonly AsyncLocal<Func<DbCommand, CancellationToken, Task>?> BeforeExecute = new();

    /// <summary>Whether this search can run on its own connection: SQLite, a database file, no open transaction.</summary>
    public static bool CanServe(DbContext context) =>
        DatabaseProviders.IsSqlite(context) &&
        context.Database.CurrentTransaction is null &&
        context.Database.GetConnectionString() is { } connectionString &&
        FileDatabases.GetOrAdd(connectionString, IsFileDatabase);

    /// <summary>Runs the search; rows as the LINQ statement returns them (type-ahead branches not yet merged).</summary>
    public static async Task<List<TillSearchRow>> FindAsync(DbContext context, MerchantId merchantId, TillSearchKeys keys, CancellationToken cancellationToken)
    {
        var names = NamesByModel.GetValue(context.Model, model => new Names(model, context.GetService<ISqlGenerationHelper>()));
        var statement = new Statement(names);
        var sql = statement.Compose(merchantId, keys);
        var rows = new List<TillSearchRow>();
        if (sql is null)
        {
            return rows;
        }

        var lease = await PreparedReadConnections.RentAsync(
            DbProviderFactories.GetFactory(context.Database.GetDbConnection())!,
            ReadConnectionStrings.GetOrAdd(context.Database.GetConnectionString()!, Unpooled),
            SetUpReadConnectionAsync,
            cancellationToken).ConfigureAwait(false);
        try
        {
            var command = lease.Command(sql, statement.ParameterNames);
            for (var i = 0; i < statement.ParameterValues.Count; i++)
            {
                command.Parameters[i].Value = statement.ParameterValues[i];
            }

            if (BeforeExecute.Value is { } observe)
            {
                await observe(command, cancellationToken).ConfigureAwait(false);
            }

            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                var customers = names.Customers;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(new TillSearchRow(customers.Read<Customer>(reader, 2), reader.GetInt32(0), reader.GetInt64(1)));
                }
            }
        }
        catch
        {
            lease.Dispose();
            throw;
        }

        PreparedReadConnections.Return(lease);
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
    private sealed class Names
    {
        public Names(IModel model, ISqlGenerationHelper sql)
        {
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
        }

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
    }

    /// <summary>One search's SQL text and parameters. The text depends only on which keys are present (and how many
    /// name words), so each shape is compiled once per connection; the values change per search.</summary>
    private sealed class Statement(Names n)
    {
        private readonly List<string> _parameterNames = [];
        private readonly List<object?> _parameterValues = [];

        public IReadOnlyList<string> ParameterNames => _parameterNames;

        public IReadOnlyList<object?> ParameterValues => _parameterValues;

        public string? Compose(MerchantId merchantId, TillSearchKeys keys)
        {
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
            string Arm(MatchReason reason, string condition, string? orderAndLimit = null) =>
                $"SELECT c.{n.Merchant} AS m, c.{n.Id} AS id, {(int)reason} AS reason, " +
                $"COALESCE((SELECT MAX(t.{n.TicketSortKey}) FROM {n.TicketTable} AS t WHERE t.{n.TicketMerchant} = c.{n.Merchant} AND t.{n.TicketCustomer} = c.{n.Id} AND t.{n.TicketStatus} IN ({completed}, {refunded})), -1) AS visit, " +
                $"COALESCE(c.{n.NameTokens} ->> 0, '') AS w0, COALESCE(c.{n.NameTokens} ->> 1, '') AS w1 " +
                $"FROM {n.CustomerTable} AS c WHERE c.{n.Merchant} = {merchant} AND {condition}" +
                (orderAndLimit is null ? string.Empty : " " + orderAndLimit);
            void InTillOrder(string take, params string[] arms) =>
                branches.Add($"SELECT * FROM (SELECT * FROM ({string.Join(" UNION ALL ", arms)}) ORDER BY visit DESC, w0, w1, id LIMIT {take})");

            if (keys.NormalizedEmail is { } email)
            {
                InTillOrder("1", Arm(MatchReason.Email, $"c.{n.Email} = {Parameter(email)}"));
            }

            if (keys.NormalizedCustomerCode is { } code)
            {
                InTillOrder("1", Arm(MatchReason.CustomerCode, $"c.{n.Code} = {Parameter(code)}"));
            }

            if (keys.PhoneE164 is { } e164)
            {
                var phone = Parameter(e164);
                InTillOrder(
                    limit,
                    Arm(MatchReason.Phone, $"c.{n.Phone} = {phone}"),
                    Arm(MatchReason.Phone, $"c.{n.SecondaryPhone} = {phone} AND (c.{n.Phone} IS NULL OR c.{n.Phone} <> {phone})"));
            }

            if (keys.PhonePrefixE164 is { } prefix)
            {
                // Each phone index walked in phone order, stopping after a page; merged in phone order by the caller.
                var from = Parameter(prefix);
                var to = Parameter(KeyPrefix.UpperBound(prefix)!);
                branches.Add($"SELECT * FROM ({Arm(MatchReason.PhonePrefix, $"c.{n.Phone} >= {from} AND c.{n.Phone} < {to}", $"ORDER BY c.{n.Phone}, c.{n.Id} LIMIT {limit}")})");
                branches.Add($"SELECT * FROM ({Arm(MatchReason.PhonePrefix, $"c.{n.SecondaryPhone} >= {from} AND c.{n.SecondaryPhone} < {to} AND (c.{n.Phone} IS NULL OR c.{n.Phone} < {from} OR c.{n.Phone} >= {to})", $"ORDER BY c.{n.SecondaryPhone}, c.{n.Id} LIMIT {limit}")})");
            }

            if (keys.ReversedDigitsPrefix is { } reversed)
            {
                InTillOrder(limit, Arm(MatchReason.PhoneLastDigits, Range($"c.{n.DigitsReversed}", reversed)));
            }

            if (keys.NormalizedPostalCode is { } postal)
            {
                InTillOrder(limit, Arm(MatchReason.PostalCode, $"c.{n.PostalCode} = {Parameter(postal)}"));
            }

            if (keys.NameTokenPrefixes is { Count: > 0 } tokens)
            {
                // Each word prefix a range scan of the (merchant, word, customer) index; a customer must be in all of them.
                var scans = tokens.Distinct(StringComparer.Ordinal).Select(token =>
                    $"SELECT k.{n.TokenCustomer} FROM {n.TokenTable} AS k WHERE k.{n.TokenMerchant} = {merchant} AND {Range($"k.{n.TokenWord}", token)}");
                InTillOrder(limit, Arm(MatchReason.Name, $"c.{n.Id} IN ({string.Join(" INTERSECT ", scans)})"));
            }

            if (branches.Count == 0)
            {
                return null;
            }

            // A left join planned as a primary-key seek per match (see the LINQ statement); each key comes from this
            // statement's snapshot, so each finds its customer.
            return $"SELECT b.reason, b.visit, {n.CustomerColumns} FROM ({string.Join(" UNION ALL ", branches)}) AS b " +
                $"LEFT JOIN {n.CustomerTable} AS c ON c.{n.Merchant} = b.m AND c.{n.Id} = b.id";
        }

        private string Range(string column, string prefix)
        {
            var from = $"{column} >= {Parameter(prefix)}";
            return KeyPrefix.UpperBound(prefix) is { } upper ? $"{from} AND {column} < {Parameter(upper)}" : from;
        }

        private string Parameter(object? value)
        {
            var name = "$p" + _parameterNames.Count.ToString(CultureInfo.InvariantCulture);
            _parameterNames.Add(name);
            _parameterValues.Add(value);
            return name;
        }
    }
}
