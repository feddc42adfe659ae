using Npgsql;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Tests.Storage;

/// <summary>The runtime's data source prepares its statements automatically unless the connection string decides.</summary>
public sealed class StatementPreparationTests
{
    [Fact]
    public void A_connection_string_without_Max_Auto_Prepare_gets_the_runtime_default()
    {
        var connection = new NpgsqlConnectionStringBuilder("Host=127.0.0.1;Username=omniops;Database=omniops");

        StorageSiloBuilderExtensions.ApplyStatementPreparation(connection);

        Assert.Equal(StorageSiloBuilderExtensions.DefaultMaxAutoPrepare, connection.MaxAutoPrepare);
        Assert.True(connection.MaxAutoPrepare > 0);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Max Auto Prepare=0", 0)]
    [InlineData("Host=127.0.0.1;max auto prepare=12", 12)]
    [InlineData("Host=127.0.0.1;MaxAutoPrepare=5", 5)]
    public void A_connection_string_that_sets_Max_Auto_Prepare_keeps_its_value(string connectionString, int expected)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);

        StorageSiloBuilderExtensions.ApplyStatementPreparation(connection);

        Assert.Equal(expected, connection.MaxAutoPrepare);
    }
}
