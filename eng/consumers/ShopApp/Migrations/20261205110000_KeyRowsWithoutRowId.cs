using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopApp.Migrations
{
    /// <summary>No column changes: CustomerCore's name rows and import batch entries become tables without row ids.</summary>
    [DbContext(typeof(ShopApp.ShopDbContext))]
    [Migration("20261205110000_KeyRowsWithoutRowId")]
    public partial class KeyRowsWithoutRowId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.StoreCustomerCoreKeyRowsWithoutRowId(o => o.TablePrefix = "cc_");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.StoreCustomerCoreKeyRowsWithRowId(o => o.TablePrefix = "cc_");
    }
}
