using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerCore.Sample.Console.Migrations.Sqlite
{
    /// <summary>No column changes: the name rows and import batch entries become tables without row ids (see the changelog).</summary>
    [DbContext(typeof(CustomerCore.Sample.Console.CliSqliteDbContext))]
    [Migration("20261205110000_KeyRowsWithoutRowId")]
    internal partial class KeyRowsWithoutRowId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.StoreCustomerCoreKeyRowsWithoutRowId();

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.StoreCustomerCoreKeyRowsWithRowId();
    }
}
