using System.Globalization;
using CustomerCore.EntityFrameworkCore.Configurations;
using CustomerCore.EntityFrameworkCore.Stores;
using CustomerCore.Tickets;
using Microsoft.EntityFrameworkCore;

namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// Rewrites customers' visit keys (<see cref="CustomerNameIndex"/>) from what the database holds: the three-letter
/// starts of their name word rows, their first two name words and their latest visit (the latest sort key of a completed
/// or partly refunded ticket linked to them). One statement for every writer, so the keys cannot drift apart: the
/// ticket store after a ticket's customer, state or time changed, the customer store after a rename, and the migration
/// step for every customer.
/// </summary>
/// <remarks>
/// On PostgreSQL a rename and a sale can commit concurrently; each writer therefore holds the customer's row lock while
/// it rewrites (a rename through its UPDATE, the ticket store by locking the row first), so the second one reads the
/// first one's names and visits and its keys are the last word. SQLite has one writer at a time.
/// </remarks>
internal static class CustomerVisitKeys
{
    // Ids per statement when many customers are refreshed at once (a batch of renames): far below either database's
    // limit on parameters, and short enough to stay one quick statement.
    private const int IdsPerStatement = 500;

    /// <summary>Rewrites the visit keys of one customer, inside the caller's transaction; nothing when it does not exist.</summary>
    public static Task RefreshAsync(DbContext context, MerchantId merchantId, Guid customerId, CancellationToken cancellationToken) =>
        RefreshAsync(context, merchantId, [customerId], cancellationToken);

    /// <summary>Rewrites the visit keys of these customers, inside the caller's transaction (those that do not exist
    /// get none).</summary>
    public static async Task RefreshAsync(DbContext context, MerchantId merchantId, IReadOnlyCollection<Guid> customerIds, CancellationToken cancellationToken)
    {
        var names = PreparedTillSearch.NamesFor(context);
        var schema = names.KeySchema;

        // In id order, so two writers locking overlapping customers on PostgreSQL take the row locks in the same order.
        foreach (var chunk in customerIds.Order().Chunk(IdsPerStatement))
        {
            var ids = string.Join(", ", chunk.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"{{{i + 1}}}")));
            var sql = Sql(schema, "{0}", ids);
            if (schema.PostgreSql)
            {
                sql = $"SELECT 1 FROM {schema.Customers} WHERE {schema.CustomerMerchant} = {{0}} AND {schema.CustomerId} IN ({ids}) ORDER BY {schema.CustomerId} FOR UPDATE; " + sql;
            }

            object[] parameters = [names.MerchantValue(merchantId), .. chunk.Cast<object>()];
            await context.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The statements that delete the visit keys of the customers in scope and insert them again: of the merchant's
    /// customers in <paramref name="customers"/> when <paramref name="merchant"/> and <paramref name="customers"/> (SQL
    /// expressions: a value, a list of values) are given, otherwise of every customer. The keys equal
    /// <see cref="CustomerNameIndex.KeysFor"/>' for a customer that never visited.
    /// </summary>
    public static string Sql(NameKeySchema s, string? merchant = null, string? customers = null)
    {
        const int prefix = CustomerNameIndex.PairPrefixLength;
        var scope = merchant is null ? string.Empty : $"{s.TokenMerchant} = {merchant} AND {s.TokenCustomer} IN ({customers}) AND ";
        var isVisitKey = IsVisitKey(s);

        // The latest visit's part: long.MaxValue less the sort key, nineteen digits (VisitPart), or the never-visited mark.
        var digits = s.PostgreSql
            ? $"lpad(({long.MaxValue} - k.visit)::text, 19, '0')"
            : $"printf('%019d', {long.MaxValue} - k.visit)";
        var statuses = string.Join(", ", s.VisitStatuses.Select(Literal));
        return string.Create(CultureInfo.InvariantCulture, $"""
            DELETE FROM {s.Tokens} WHERE {scope}{isVisitKey};
            WITH w AS (
                SELECT DISTINCT {s.TokenMerchant} AS m, {s.TokenCustomer} AS c, substr({s.Token}, 1, {prefix}) AS p
                FROM {s.Tokens}
                WHERE {scope}length({s.Token}) >= {prefix} AND substr({s.Token}, 1, 1) <> ' '),
            k AS (
                SELECT w.m, w.c, COUNT(*) AS prefixes, {s.SortName("x")} AS name,
                    (SELECT MAX(t.{s.TicketSortKey}) FROM {s.Tickets} AS t
                     WHERE t.{s.TicketMerchant} = w.m AND t.{s.TicketCustomer} = w.c AND t.{s.TicketStatus} IN ({statuses})) AS visit
                FROM w
                JOIN {s.Customers} AS x ON x.{s.CustomerMerchant} = w.m AND x.{s.CustomerId} = w.c
                GROUP BY w.m, w.c, x.{s.NameTokens})
            INSERT INTO {s.Tokens} ({s.TokenMerchant}, {s.TokenCustomer}, {s.Token})
            SELECT w.m, w.c, ' ' || w.p || '{CustomerNameIndex.VisitMarker}' || CASE WHEN k.visit IS NULL THEN '{CustomerNameIndex.NeverVisited}' ELSE {digits} END || ' ' || k.name
            FROM w
            JOIN k ON k.m = w.m AND k.c = w.c
            WHERE k.prefixes <= {CustomerNameIndex.MaxPairedPrefixes} AND length(k.name) + {CustomerNameIndex.VisitPartLength} <= {CustomerNameTokenConfiguration.TokenMaxLength}
            ON CONFLICT DO NOTHING;
            """);
    }

    /// <summary>The condition that a row of the name words table is a visit key (<see cref="CustomerNameIndex.IsVisitKey"/>).</summary>
    public static string IsVisitKey(NameKeySchema s) =>
        $"substr({s.Token}, 1, 1) = ' ' AND substr({s.Token}, {CustomerNameIndex.PairPrefixLength + 2}, 1) = '{CustomerNameIndex.VisitMarker}'";

    private static string Literal(object value) => value is string text
        ? "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'"
        : Convert.ToString(value, CultureInfo.InvariantCulture)!;
}

/// <summary>The delimited table and column names the name index statements use, and the stored values of the ticket
/// states that count as a visit.</summary>
internal sealed record NameKeySchema(
    bool PostgreSql,
    string Tokens,
    string TokenMerchant,
    string TokenCustomer,
    string Token,
    string Customers,
    string CustomerMerchant,
    string CustomerId,
    string NameTokens,
    string Tickets,
    string TicketMerchant,
    string TicketCustomer,
    string TicketStatus,
    string TicketSortKey,
    IReadOnlyList<object> VisitStatuses)
{
    /// <summary>The name word at <paramref name="index"/> of the customer row <paramref name="alias"/>, as EF Core reads
    /// it: an element of the JSON text on SQLite, of the text array (1-based) on PostgreSQL; NULL past the end.</summary>
    public string Word(string alias, int index) => PostgreSql
        ? string.Create(CultureInfo.InvariantCulture, $"{alias}.{NameTokens}[{index + 1}]")
        : string.Create(CultureInfo.InvariantCulture, $"{alias}.{NameTokens} ->> {index}");

    /// <summary>The name part of pair and visit keys (<see cref="CustomerNameIndex.SortName"/>) of the customer row
    /// <paramref name="alias"/>.</summary>
    public string SortName(string alias) => $"COALESCE({Word(alias, 0)}, '') || ' ' || COALESCE({Word(alias, 1)}, '')";

    /// <summary>CustomerCore's own table and column names, as a migration step sees them.</summary>
    public static NameKeySchema Default(bool postgreSql, Func<string, string> table)
    {
        static string Quote(string identifier) => "\"" + identifier + "\"";
        return new NameKeySchema(
            postgreSql,
            table(CustomerNameTokenConfiguration.TableName),
            Quote(nameof(CustomerNameToken.MerchantId)),
            Quote(nameof(CustomerNameToken.CustomerId)),
            Quote(nameof(CustomerNameToken.Token)),
            table(CustomerConfiguration.TableName),
            Quote(nameof(CustomerCore.Customers.Customer.MerchantId)),
            Quote(nameof(CustomerCore.Customers.Customer.Id)),
            Quote(nameof(CustomerCore.Customers.Customer.NameTokens)),
            table(TicketLinkConfiguration.TableName),
            Quote(nameof(TicketLink.MerchantId)),
            Quote(nameof(TicketLink.CustomerId)),
            Quote(nameof(TicketLink.Status)),
            Quote(TicketLinkConfiguration.SortKey),
            [nameof(CustomerCore.Tickets.TicketStatus.Completed), nameof(CustomerCore.Tickets.TicketStatus.PartiallyRefunded)]);
    }
}
