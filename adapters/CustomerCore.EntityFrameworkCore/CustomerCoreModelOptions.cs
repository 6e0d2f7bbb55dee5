namespace CustomerCore.EntityFrameworkCore;

/// <summary>
/// How CustomerCore's tables are named and placed when its model joins a <see cref="Microsoft.EntityFrameworkCore.DbContext"/>,
/// set through <c>modelBuilder.AddCustomerCore(o =&gt; ...)</c>.
/// </summary>
public sealed class CustomerCoreModelOptions
{
    /// <summary>
    /// The database schema for CustomerCore's tables, or null for the provider's default schema. SQLite has no
    /// schemas and its provider drops the schema from every table name, so on SQLite use <see cref="TablePrefix"/>
    /// to keep CustomerCore's tables apart from the host's.
    /// </summary>
    public string? Schema { get; set; }

    /// <summary>Put in front of every CustomerCore table name (for example <c>"cc_"</c>), so the tables never collide
    /// with a host's own <c>Customers</c> table. Index names follow the table names.</summary>
    public string TablePrefix { get; set; } = string.Empty;

    /// <summary>
    /// The collation of the columns searched by prefix (reversed phone digits, name tokens), or null for the database
    /// default. Prefix search compares ranges, so the column must sort by code point: SQLite's default does, and so
    /// does PostgreSQL's <c>"C"</c> collation; set <c>"C"</c> on a PostgreSQL database whose default collation is
    /// linguistic (for example <c>en_US.UTF-8</c>).
    /// </summary>
    public string? KeyCollation { get; set; }

    internal string TableName(string name) => TablePrefix + name;
}
