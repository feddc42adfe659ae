using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Omniops.Actors.Client.Http;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Customers;
using Omniops.Actors.GrainInterfaces.Errors;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Storage;
using Omniops.Actors.Tests.Infrastructure;
using Orleans.Storage;

namespace Omniops.Actors.Tests.Storage;

/// <summary>
/// What fails below grain state leaves the silo as the runtime's own error, never as the driver's exception (which the
/// cluster cannot serialize, and whose detail may quote a row); a read over a transient failure is tried again.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainStorageFailureTests(ClusterFixture fixture)
{
    private static readonly GrainId AnyGrain = GrainId.Create("customer", "t/u1");

    [Fact]
    public async Task AStateReadRefusedByTheDatabaseWhileAGrainActivatesIsAStoreFailureAndA500ThatNamesNothing()
    {
        var tenant = await fixture.CreateTenantAsync();
        var admin = new CallerContext(tenant.TenantId, tenant.AdminKeyId, ActorKind.TenantAdmin, Roles.ScopesOf(Roles.Admin));
        var runtimeRole = new NpgsqlConnectionStringBuilder(fixture.ApplicationConnectionString).Username!;
        var customerRef = GrainKeys.NewLocalId('u');
        // The admin key is checked once before (its grains active), so the 500 below is the customer's read, not the key's.
        using (var before = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + GrainKeys.NewLocalId('u'), tenant.AdminKey))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        await Sql.ExecuteAsync(fixture.OwnerConnectionString, $"REVOKE SELECT ON orleansstorage FROM \"{runtimeRole}\"");
        try
        {
            var customer = fixture.Grains.GetCustomerGrain(tenant.TenantId, GrainKeys.NewLocalId('u'));
            // Orleans' state bridge wraps what the provider throws; the wrapper crosses the cluster because what it
            // wraps is the runtime's own error, where the driver's exception was a CodecNotFoundException.
            var wrapper = await Assert.ThrowsAsync<OrleansException>(() => ClusterFixture.AsAsync(admin, customer.GetAsync));
            var failure = Assert.IsType<StoreFailedException>(wrapper.InnerException);
            Assert.Contains("42501", failure.Message, StringComparison.Ordinal);

            using var response = await fixture.SendAsync(HttpMethod.Get, "/v1/customers/" + customerRef, tenant.AdminKey);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.DoesNotContain("orleansstorage", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("permission", body, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await Sql.ExecuteAsync(fixture.OwnerConnectionString, $"GRANT SELECT ON orleansstorage TO \"{runtimeRole}\"");
        }

        // The same call once the database allows it again: the absent customer is a plain 404.
        var again = fixture.Grains.GetCustomerGrain(tenant.TenantId, customerRef);
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => ClusterFixture.AsAsync(admin, again.GetAsync));
    }

    [Fact]
    public async Task AStateWriteRefusedByTheDatabaseReachesTheCallerAsAStoreFailureItself()
    {
        var tenant = await fixture.CreateTenantAsync();
        var channel = CallerContext.Channel(tenant.TenantId, "generic");
        var runtimeRole = new NpgsqlConnectionStringBuilder(fixture.ApplicationConnectionString).Username!;
        var customerRef = GrainKeys.NewLocalId('u');
        var customer = fixture.Grains.GetCustomerGrain(tenant.TenantId, customerRef);
        await Sql.ExecuteAsync(fixture.OwnerConnectionString, $"REVOKE INSERT, UPDATE ON orleansstorage FROM \"{runtimeRole}\"");
        try
        {
            // Orleans' state bridge wraps the storage's error; the grain call filter hands the caller the error itself,
            // as it would any other failed call's (a caller that retries on StoreUnavailableException relies on that).
            var failure = await Assert.ThrowsAsync<StoreFailedException>(() => RecordAsync(channel, customer));
            Assert.Contains("42501", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("example.com", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            await Sql.ExecuteAsync(fixture.OwnerConnectionString, $"GRANT INSERT, UPDATE ON orleansstorage TO \"{runtimeRole}\"");
        }

        await RecordAsync(channel, customer);
    }

    private static Task<bool> RecordAsync(CallerContext channel, ICustomerGrain customer) => CallerContext.RunAsAsync(channel, async () =>
    {
        await customer.RecordContactAsync("generic", new ContactDetails("Refused Writer", "refused.writer@example.com", null));
        return true;
    });

    [Fact]
    public async Task AReadIsTriedAgainOverTransientFailuresAndSucceeds()
    {
        var inner = new FailingStorage(failures: 2, Transient());
        var guarded = new GuardedGrainStorage("test", inner, NullLogger<GuardedGrainStorage>.Instance);

        await guarded.ReadStateAsync("state", AnyGrain, new GrainState<int>());

        Assert.Equal(3, inner.Reads);
    }

    [Fact]
    public async Task AReadThatStaysUnreachableIsAStoreOutageAfterThreeAttempts()
    {
        var inner = new FailingStorage(failures: int.MaxValue, Transient());
        var guarded = new GuardedGrainStorage("test", inner, NullLogger<GuardedGrainStorage>.Instance);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => guarded.ReadStateAsync("state", AnyGrain, new GrainState<int>()));

        Assert.Equal(3, inner.Reads);
    }

    [Fact]
    public async Task AWriteIsNeverRepeatedAndARefusalCarriesOnlyItsSqlState()
    {
        var transient = new FailingStorage(failures: 1, Transient());
        var refused = new FailingStorage(failures: 1, new PostgresException("duplicate key", "ERROR", "ERROR", "23505", detail: "Key (email)=(someone@example.com) already exists."));

        await Assert.ThrowsAsync<StoreUnavailableException>(() =>
            new GuardedGrainStorage("test", transient, NullLogger<GuardedGrainStorage>.Instance).WriteStateAsync("state", AnyGrain, new GrainState<int>()));
        var failure = await Assert.ThrowsAsync<StoreFailedException>(() =>
            new GuardedGrainStorage("test", refused, NullLogger<GuardedGrainStorage>.Instance).ReadStateAsync("state", AnyGrain, new GrainState<int>()));

        Assert.Equal(1, transient.Writes);
        Assert.Equal(1, refused.Reads);
        Assert.Contains("23505", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("example.com", failure.Message, StringComparison.Ordinal);
        Assert.Null(failure.InnerException);
    }

    [Fact]
    public async Task AStaleETagPassesUnchanged()
    {
        var inner = new FailingStorage(failures: 1, new InconsistentStateException("stale", "e1", "e2"));

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            new GuardedGrainStorage("test", inner, NullLogger<GuardedGrainStorage>.Instance).WriteStateAsync("state", AnyGrain, new GrainState<int>()));
    }

    [Fact]
    public void AStoreOutageWrappedByTheStateBridgeIsStillA503AndAStoreFailureA500()
    {
        var outage = GatewayExceptionHandler.Map(new OrleansException("bridge", new StoreUnavailableException("down")), 1024);
        var failure = GatewayExceptionHandler.Map(new OrleansException("bridge", new StoreFailedException("SQLSTATE 42501")), 1024);
        var other = GatewayExceptionHandler.Map(new OrleansException("bridge", new InvalidOperationException("x")), 1024);

        Assert.Equal(503, outage?.Status);
        Assert.Null(failure);
        Assert.Null(other);
    }

    private static PostgresException Transient() => new("sorry, too many clients already", "FATAL", "FATAL", "53300");

    private sealed class FailingStorage(int failures, Exception failure) : IGrainStorage
    {
        private int _failures = failures;

        public int Reads { get; private set; }

        public int Writes { get; private set; }

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Reads++;
            return Next();
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            Writes++;
            return Next();
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Next();

        private Task Next() => _failures-- > 0 ? Task.FromException(failure) : Task.CompletedTask;
    }
}
