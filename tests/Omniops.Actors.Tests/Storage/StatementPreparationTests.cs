using Npgsql;
using Omniops.Actors.Grains.Storage;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Storage;

/// <summary>
/// The runtime's data source prepares its statements automatically and reuses pooled connections without a session
/// reset, each unless the connection string decides; no tenant binding outlives its transaction on a reused connection.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StatementPreparationTests(ClusterFixture fixture)
{
    [Fact]
    public void A_connection_string_without_Max_Auto_Prepare_gets_the_runtime_default()
    {
        var connection = new NpgsqlConnectionStringBuilder("Host=127.0.0.1;Username=omniops;Database=omniops");

        StorageSiloBuilderExtensions.ApplyConnectionDefaults(connection);

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

        StorageSiloBuilderExtensions.ApplyConnectionDefaults(connection);

        Assert.Equal(expected, connection.MaxAutoPrepare);
    }

    [Fact]
    public void A_connection_string_without_No_Reset_On_Close_skips_the_session_reset_and_one_that_sets_it_keeps_its_value()
    {
        var plain = new NpgsqlConnectionStringBuilder("Host=127.0.0.1;Username=omniops");
        StorageSiloBuilderExtensions.ApplyConnectionDefaults(plain);
        Assert.True(plain.NoResetOnClose);

        var explicitReset = new NpgsqlConnectionStringBuilder("Host=127.0.0.1;No Reset On Close=false");
        StorageSiloBuilderExtensions.ApplyConnectionDefaults(explicitReset);
        Assert.False(explicitReset.NoResetOnClose);
    }

    [Fact]
    public async Task A_tenant_binding_does_not_outlive_its_transaction_on_the_pooled_connection_handed_out_next()
    {
        // One physical connection, configured as the runtime's: the second use is the same backend, without a reset.
        var builder = new NpgsqlDataSourceBuilder(fixture.ApplicationConnectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = 1;
        StorageSiloBuilderExtensions.ApplyConnectionDefaults(builder.ConnectionStringBuilder);
        await using var dataSource = builder.Build();

        int firstBackend;
        await using (var batch = TenantBinding.Create(dataSource, "tenant-bound-before", "SELECT pg_backend_pid(), current_setting('omniops.tenants', true)", out _))
        await using (var bound = await TenantBinding.ExecuteReaderAsync(batch))
        {
            Assert.True(await bound.ReadAsync());
            firstBackend = bound.GetInt32(0);
            Assert.Equal("tenant-bound-before", bound.GetString(1));
        }

        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid(), coalesce(current_setting('omniops.tenants', true), '')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(firstBackend, reader.GetInt32(0));
        Assert.Equal(string.Empty, reader.GetString(1));
    }
}
