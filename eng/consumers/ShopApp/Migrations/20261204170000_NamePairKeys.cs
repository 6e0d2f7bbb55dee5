using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopApp.Migrations
{
    /// <summary>No schema change: fills in the name pair keys of customers written before the adapter wrote them.</summary>
    [DbContext(typeof(ShopApp.ShopDbContext))]
    [Migration("20261204170000_NamePairKeys")]
    public partial class NamePairKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddCustomerNamePairKeys(o => o.TablePrefix = "cc_");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropCustomerNamePairKeys(o => o.TablePrefix = "cc_");
    }
}
