using Npgsql;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>Both subject-index stores (PostgreSQL as the runtime role, and the embedded node's) keep the same contract.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SubjectIndexStoreTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("postgres")]
    [InlineData("memory")]
    public async Task ATenantsRecordsPageInRefOrderAndDeletingOneRemovesItsRowAndEveryLookup(string kind)
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ApplicationConnectionString);
        ISubjectIndexStore store = kind == "postgres" ? new PostgresSubjectIndexStore(dataSource) : new InMemorySubjectIndexStore();
        var tenant = GrainKeys.NewLocalId('t');
        var refs = Enumerable.Range(0, 5).Select(_ => GrainKeys.NewLocalId('u')).Order(StringComparer.Ordinal).ToList();
        var at = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
        foreach (var customerRef in refs)
        {
            await store.AddSubjectAsync(tenant, customerRef, "", at);
            await store.AddSubjectAsync(tenant, customerRef, "generic", at);
            await store.AddSubjectAsync(tenant, customerRef, "shopify", at);
        }

        await store.ReplaceLookupsAsync(tenant, refs[0], [new(SubjectLookupKind.Email, [1, 2]), new(SubjectLookupKind.Phone, [3])]);
        await store.ReplaceLookupsAsync(tenant, refs[0], [new(SubjectLookupKind.Email, [1, 2]), new(SubjectLookupKind.ExternalRef, [4])]);
        await store.ReplaceLookupsAsync(tenant, refs[1], [new(SubjectLookupKind.Email, [1, 2])]);

        var first = await store.ListSubjectsAsync(tenant, null, 2);
        var rest = await store.ListSubjectsAsync(tenant, first[^1].CustomerRef, 10);
        Assert.Equal(refs, first.Concat(rest).Select(r => r.CustomerRef));
        Assert.All(first.Concat(rest), r => Assert.Equal(("generic", at), (r.Channel, r.CreatedAt)));
        Assert.Equal(refs[..2], await store.FindAsync(tenant, SubjectLookupKind.Email, [1, 2]));
        Assert.Empty(await store.FindAsync(tenant, SubjectLookupKind.Phone, [3]));
        Assert.Empty(await store.FindAsync(tenant, SubjectLookupKind.Phone, [1, 2]));
        Assert.Empty(await store.FindAsync(GrainKeys.NewLocalId('t'), SubjectLookupKind.Email, [1, 2]));

        Assert.Equal(3, await store.DeleteAsync(tenant, refs[0]));
        Assert.Equal(0, await store.DeleteAsync(tenant, refs[0]));
        Assert.Equal([refs[1]], await store.FindAsync(tenant, SubjectLookupKind.Email, [1, 2]));
        Assert.Equal(refs[1..], (await store.ListSubjectsAsync(tenant, null, 10)).Select(r => r.CustomerRef));
    }
}
