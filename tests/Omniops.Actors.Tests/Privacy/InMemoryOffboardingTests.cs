using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Catalogue;
using Omniops.Actors.GrainInterfaces.Privacy;
using Omniops.Actors.Grains.Catalogue;
using Omniops.Actors.Grains.Channels;
using Omniops.Actors.Grains.Orders;
using Omniops.Actors.Grains.Privacy;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Grains.Storage;

namespace Omniops.Actors.Tests.Privacy;

/// <summary>
/// The embedded node's offboarding deletes (<see cref="InMemoryTenantDataPurger"/>): every in-memory store that holds a
/// tenant's records is emptied of the offboarded tenant's, the running request's queue row stays until the last step,
/// which takes it with the tenant key; another tenant keeps everything.
/// </summary>
public sealed class InMemoryOffboardingTests
{
    [Fact]
    public async Task OffboardingEmptiesEveryInMemoryStoreOfTheTenantKeepsItsRunningRequestToTheLastStepAndLeavesAnotherTenantWhole()
    {
        var (subjectKeys, tenantKeys, compliance, index, orders, products, links, requests) = (new InMemorySubjectKeyStore(), new InMemoryTenantKeyStore(),
            new InMemoryComplianceRequestStore(), new InMemorySubjectIndexStore(), new InMemoryOrderIndexStore(), new InMemoryProductCatalogueStore(),
            new InMemoryPrivacyLinkStore(), new InMemoryPrivacyRequestStore());
        var now = DateTimeOffset.UtcNow;
        var (leaving, staying) = (GrainKeys.NewTenantId(), GrainKeys.NewTenantId());
        var running = GrainKeys.NewLocalId('p');
        foreach (var tenant in new[] { leaving, staying })
        {
            await subjectKeys.AddOrGetAsync(new SubjectKeyRecord(tenant, "u1", new EncryptedField("kek", 1, [2], [3], [4]), now));
            await tenantKeys.TryAddAsync(new TenantKeyRecord(tenant, 1, new WrappedKey("kek", [1, 2, 3]), now));
            await compliance.AddAsync(new ComplianceRecord(tenant, "shopify", "d1", "customers/redact", "u1", [], null, now, null, now));
            await index.AddSubjectAsync(tenant, "u1", "generic", now);
            await orders.UpsertAsync(tenant, "o1", "u1", now);
            await products.UpsertAsync(tenant, "w1", new ProductRecord("p1", "Red shoes", null, null, null, null, [], [], now));
            await links.AddAsync(tenant, "l1", "digest", now.AddDays(1), now);
            foreach (var request in new[] { running, GrainKeys.NewLocalId('p') })
            {
                await requests.UpsertAsync(tenant, new PrivacyRequestSummary(request, PrivacyRequestKind.Access, PrivacyRequestStatus.Completed,
                    PrivacyRequestSource.Merchant, now, now.AddMonths(1), now), ["digest"]);
            }
        }

        var purger = new InMemoryTenantDataPurger([subjectKeys, compliance, index, orders, products, links], requests, tenantKeys);
        // One record in each of the six stores, and the other request: seven. The tenant key stays for the audit step.
        Assert.Equal(7, await purger.DeleteTenantRowsAsync(leaving, running, 5000));
        Assert.Single(await tenantKeys.ReadAsync(leaving));

        Assert.Null(await subjectKeys.ReadAsync(leaving, "u1"));
        Assert.Empty(await compliance.ListOpenAsync(leaving));
        Assert.Empty(await index.ListSubjectsAsync(leaving, null, 10));
        Assert.Empty(await orders.ListChangedBeforeAsync(leaving, now.AddDays(1), null, 10));
        Assert.Empty(await products.SearchAsync(leaving, "shoes", 10));
        Assert.False(await links.IsRevokedAsync(leaving, "l1"));
        Assert.Equal(0, (await links.RevokeAsync(leaving, "digest", now)).Live);
        Assert.Equal([running], (await requests.ListAsync(leaving, null, 0, 10)).Select(r => r.RequestId));

        // The last step: the tenant key's versions and the running request's row.
        Assert.Equal(1, await purger.DestroyTenantKeysAndQueueRowAsync(leaving, running));
        Assert.Empty(await tenantKeys.ReadAsync(leaving));
        Assert.Empty(await requests.ListAsync(leaving, null, 0, 10));

        // The other tenant keeps every record.
        Assert.NotNull(await subjectKeys.ReadAsync(staying, "u1"));
        Assert.Single(await tenantKeys.ReadAsync(staying));
        Assert.Single(await compliance.ListOpenAsync(staying));
        Assert.Single(await index.ListSubjectsAsync(staying, null, 10));
        Assert.Single(await orders.ListChangedBeforeAsync(staying, now.AddDays(1), null, 10));
        Assert.Single(await products.SearchAsync(staying, "shoes", 10));
        Assert.Equal(1, (await links.RevokeAsync(staying, "digest", now)).Live);
        Assert.Equal(2, (await requests.ListAsync(staying, null, 0, 10)).Count);
    }
}
