using CustomerCore.EntityFrameworkCore.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(SqliteTestDatabases))]
