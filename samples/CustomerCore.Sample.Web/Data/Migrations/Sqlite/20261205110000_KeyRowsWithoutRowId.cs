using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerCore.Sample.Web.Data.Migrations.Sqlite
{
    /// <summary>No column changes: the name rows and import batch entries become tables without row ids (see the changelog).</summary>
    [DbContext(typeof(CustomerCore.Sample.Web.Data.SqliteBackOfficeDbContext))]
    [Migration("20261205110000_KeyRowsWithoutRowId")]
    public partial class KeyRowsWithoutRowId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.StoreCustomerCoreKeyRowsWithoutRowId(o => o.TablePrefix = CustomerCore.Sample.Web.Data.BackOfficeDbContext.CustomerCoreTablePrefix);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.StoreCustomerCoreKeyRowsWithRowId(o => o.TablePrefix = CustomerCore.Sample.Web.Data.BackOfficeDbContext.CustomerCoreTablePrefix);
    }
}
