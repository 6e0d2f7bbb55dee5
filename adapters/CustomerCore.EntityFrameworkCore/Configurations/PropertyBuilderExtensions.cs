using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerCore.EntityFrameworkCore.Configurations;

internal static class PropertyBuilderExtensions
{
    public static PropertyBuilder<T> UseCollationWhenSet<T>(this PropertyBuilder<T> property, string? collation) =>
        collation is null ? property : property.UseCollation(collation);
}
