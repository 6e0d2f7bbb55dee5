using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CustomerCore.Sample.Console.Migrations.PostgreSql
{
    /// <summary>No schema change: fills in the name pair keys of customers written before the adapter wrote them.</summary>
    [DbContext(typeof(CustomerCore.Sample.Console.CliPostgreSqlDbContext))]
    [Migration("20261204170000_NamePairKeys")]
    internal partial class NamePairKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddCustomerNamePairKeys();

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropCustomerNamePairKeys();
    }
}
