using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Omniops.Actors.GrainInterfaces;
using Omniops.Actors.GrainInterfaces.Conversations;
using Omniops.Actors.GrainInterfaces.Security;
using Omniops.Actors.Grains.Members;
using Omniops.Actors.Grains.Security.Keys;
using Omniops.Actors.Tests.Audit;
using Omniops.Actors.Tests.Infrastructure;

namespace Omniops.Actors.Tests.Members;

[Collection(ClusterCollection.Name)]
public sealed class MemberSessionTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_invited_member_sets_a_password_signs_in_and_reads_conversations_with_the_cookie_alone()
    {
        var tenant = await fixture.CreateTenantAsync("Members Outfitters");
        using var browser = new MemberClient(fixture);
        using var anonymous = await browser.GetAsync("/v1/conversations");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var email = MemberClient.NewEmail("pat");
        var token = await MemberClient.InviteAsync(fixture, tenant.AdminKey, email, "agent");
        Assert.StartsWith("omi.", token, StringComparison.Ordinal);
        using var weak = await browser.SendAsync(HttpMethod.Post, "/auth/invitations/accept", new { token, password = "short" });
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        using var accepted = await browser.SendAsync(HttpMethod.Post, "/auth/invitations/accept", new { token, password = MemberClient.Password });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        using var signedIn = await browser.SignInAsync(tenant.TenantId, email, MemberClient.Password);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var setCookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("oms." + tenant.TenantId + ".", browser.SessionCookie!.Value, StringComparison.Ordinal);

        using var conversations = await browser.GetAsync("/v1/conversations");
        Assert.Equal(HttpStatusCode.OK, conversations.StatusCode);
        using var me = await browser.GetAsync("/v1/members/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("agent", (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        // An agent's session has an agent's scopes: no team administration.
        using var list = await browser.GetAsync("/v1/members");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);

        using var members = await fixture.SendAsync(HttpMethod.Get, "/v1/members", tenant.AdminKey);
        var text = await members.Content.ReadAsStringAsync();
        Assert.Contains(email, text, StringComparison.Ordinal);
        Assert.DoesNotContain("AQAAAA", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Wrong_passwords_lock_the_member_out_so_even_the_right_one_is_refused_alike()
    {
        var tenant = await fixture.CreateTenantAsync("Lockout Outfitters");
        using var browser = new MemberClient(fixture);
        var email = MemberClient.NewEmail("lee");
        await browser.JoinAsync(tenant.TenantId, tenant.AdminKey, email);
        string? refusal = null;
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await browser.SignInAsync(tenant.TenantId, email, "wrong password number " + i);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            refusal = await wrong.Content.ReadAsStringAsync();
        }

        using var right = await browser.SignInAsync(tenant.TenantId, email, MemberClient.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(Shape(refusal!), Shape(await right.Content.ReadAsStringAsync()));
        using var unknown = await browser.SignInAsync(tenant.TenantId, MemberClient.NewEmail("nobody"), MemberClient.Password);
        var invented = GrainKeys.NewTenantId();
        using var unknownTenant = await browser.SignInAsync(invented, email, MemberClient.Password);
        Assert.Equal(0L, await Sql.ScalarAsync(fixture.SuperuserConnectionString, "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring LIKE $1", invented + "%"));
        Assert.Equal(Shape(refusal!), Shape(await unknown.Content.ReadAsStringAsync()));
        Assert.Equal(Shape(refusal!), Shape(await unknownTenant.Content.ReadAsStringAsync()));

        var events = await AuditChecks.ReadEventsAsync(fixture, tenant.AdminKey);
        Assert.Contains(events, e => e.GetProperty("operation").GetString() == "member.lockout");
        Assert.Contains(events, e => e.GetProperty("operation").GetString() == "member.sign-in" && e.GetRawText().Contains("locked-out", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Once_TOTP_is_enrolled_sign_in_needs_a_current_code_and_a_wrong_or_replayed_one_is_refused()
    {
        var tenant = await fixture.CreateTenantAsync("Totp Outfitters");
        using var browser = new MemberClient(fixture);
        var email = MemberClient.NewEmail("tia");
        await browser.JoinAsync(tenant.TenantId, tenant.AdminKey, email);
        using var enrol = await browser.SendAsync(HttpMethod.Post, "/v1/members/me/totp");
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        var enrolment = await enrol.Content.ReadFromJsonAsync<JsonElement>();
        var uri = enrolment.GetProperty("otpAuthUri").GetString()!;
        Assert.StartsWith("otpauth://totp/Omniops:", uri, StringComparison.Ordinal);
        Assert.Contains("algorithm=SHA1&digits=6&period=30", uri, StringComparison.Ordinal);
        var secret = MemberClient.FromBase32(enrolment.GetProperty("secret").GetString()!);
        // An API key is no member: it cannot enrol anyone.
        using var byKey = await fixture.SendAsync(HttpMethod.Post, "/v1/members/me/totp", tenant.AdminKey);
        Assert.NotEqual(HttpStatusCode.OK, byKey.StatusCode);

        var step = Totp.StepOf(DateTimeOffset.UtcNow);
        using var wrongConfirm = await browser.SendAsync(HttpMethod.Post, "/v1/members/me/totp/confirm", new { code = Wrong(MemberClient.CodeAt(secret, step)) });
        Assert.Equal(HttpStatusCode.BadRequest, wrongConfirm.StatusCode);
        using var confirm = await browser.SendAsync(HttpMethod.Post, "/v1/members/me/totp/confirm", new { code = MemberClient.CodeAt(secret, step) });
        Assert.Equal(HttpStatusCode.NoContent, confirm.StatusCode);

        using var second = new MemberClient(fixture);
        using var noCode = await second.SignInAsync(tenant.TenantId, email, MemberClient.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, noCode.StatusCode);
        Assert.Contains("totp-required", await noCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var wrong = await second.SignInAsync(tenant.TenantId, email, MemberClient.Password, Wrong(MemberClient.CodeAt(secret, step + 1)));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain("totp-required", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var replayOfConfirm = await second.SignInAsync(tenant.TenantId, email, MemberClient.Password, MemberClient.CodeAt(secret, step));
        Assert.Equal(HttpStatusCode.Unauthorized, replayOfConfirm.StatusCode);
        Assert.Null(second.SessionCookie);

        using var good = await second.SignInAsync(tenant.TenantId, email, MemberClient.Password, MemberClient.CodeAt(secret, step + 1));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        using var third = new MemberClient(fixture);
        using var replay = await third.SignInAsync(tenant.TenantId, email, MemberClient.Password, MemberClient.CodeAt(secret, step + 1));
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Null(third.SessionCookie);

        var events = await AuditChecks.ReadEventsAsync(fixture, tenant.AdminKey);
        Assert.Contains(events, e => e.GetProperty("operation").GetString() == "member.totp.enrol" && e.GetRawText().Contains("confirmed", StringComparison.Ordinal));
        Assert.Contains(events, e => e.GetProperty("operation").GetString() == "member.sign-in" && e.GetRawText().Contains("wrong-totp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_out_revocation_and_removal_end_sessions_on_the_next_request()
    {
        var tenant = await fixture.CreateTenantAsync("Revocation Outfitters");
        using var leaving = new MemberClient(fixture);
        await leaving.JoinAsync(tenant.TenantId, tenant.AdminKey, MemberClient.NewEmail("sam"));
        var stolen = leaving.SessionCookie!.Value;
        using (var before = await leaving.GetAsync("/v1/conversations"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var signOut = await leaving.SendAsync(HttpMethod.Post, "/auth/sign-out");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        using var replayed = new MemberClient(fixture);
        replayed.Cookies.Add(fixture.Http.BaseAddress!, new Cookie(Client.Security.SessionCookie.Name, stolen));
        using (var after = await replayed.GetAsync("/v1/conversations"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }

        using var revoked = new MemberClient(fixture);
        var email = MemberClient.NewEmail("rev");
        var memberId = await revoked.JoinAsync(tenant.TenantId, tenant.AdminKey, email);
        using var laptop = new MemberClient(fixture);
        using (var laptopIn = await laptop.SignInAsync(tenant.TenantId, email, MemberClient.Password))
        {
            Assert.Equal(HttpStatusCode.OK, laptopIn.StatusCode);
        }

        using (var warm = await laptop.GetAsync("/v1/conversations"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using var revoke = await fixture.SendAsync(HttpMethod.Post, $"/v1/members/{memberId}/sessions/revoke", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(2, (await revoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetInt32());
        using (var afterRevoke = await laptop.GetAsync("/v1/conversations"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        }

        using var again = await laptop.SignInAsync(tenant.TenantId, email, MemberClient.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var remove = await fixture.SendAsync(HttpMethod.Delete, $"/v1/members/{memberId}", tenant.AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, remove.StatusCode);
        using (var afterRemoval = await laptop.GetAsync("/v1/conversations"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, afterRemoval.StatusCode);
        }

        using var removedSignIn = await laptop.SignInAsync(tenant.TenantId, email, MemberClient.Password);
        Assert.Equal(HttpStatusCode.Unauthorized, removedSignIn.StatusCode);
        var operations = (await AuditChecks.ReadEventsAsync(fixture, tenant.AdminKey)).Select(e => e.GetProperty("operation").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "member.sign-out", "member.sessions.revoke", "member.remove" }, operations);
    }

    [Fact]
    public async Task Another_tenants_member_session_finds_this_tenants_resources_as_missing()
    {
        var a = await fixture.CreateTenantAsync("Isolation A");
        var b = await fixture.CreateTenantAsync("Isolation B");
        using var memberA = new MemberClient(fixture);
        var memberOfA = await memberA.JoinAsync(a.TenantId, a.AdminKey, MemberClient.NewEmail("ana"));
        using var adminB = new MemberClient(fixture);
        await adminB.JoinAsync(b.TenantId, b.AdminKey, MemberClient.NewEmail("bo"));

        var conversationId = GrainKeys.NewLocalId('v');
        await ClusterFixture.AsAsync(CallerContext.Channel(a.TenantId, "web"), () => fixture.Grains.GetConversationGrain(a.TenantId, conversationId)
            .AppendAsync(new ConversationDelivery(GrainKeys.NewLocalId('w'), "web", GrainKeys.NewLocalId('c'), MessageKind.Customer, "hello", [], null, null)));
        using (var own = await memberA.GetAsync($"/v1/conversations/{conversationId}"))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        using var missing = await adminB.GetAsync($"/v1/conversations/{GrainKeys.NewLocalId('v')}");
        using var foreign = await adminB.GetAsync($"/v1/conversations/{conversationId}");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(await missing.Content.ReadAsStringAsync(), await foreign.Content.ReadAsStringAsync());
        using var foreignRemove = await adminB.SendAsync(HttpMethod.Delete, $"/v1/members/{memberOfA}");
        using var foreignRevoke = await adminB.SendAsync(HttpMethod.Post, $"/v1/members/{memberOfA}/sessions/revoke");
        Assert.Equal(HttpStatusCode.NotFound, foreignRemove.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignRevoke.StatusCode);
        using var listB = await adminB.GetAsync("/v1/members");
        Assert.DoesNotContain(memberOfA, await listB.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // B's session token relabelled with A's tenant id proves nothing there.
        var parts = adminB.SessionCookie!.Value.Split('.');
        using var relabelled = new MemberClient(fixture);
        relabelled.Cookies.Add(fixture.Http.BaseAddress!, new Cookie(Client.Security.SessionCookie.Name, string.Join('.', parts[0], a.TenantId, parts[2], parts[3])));
        using var relabelledRead = await relabelled.GetAsync($"/v1/conversations/{conversationId}");
        Assert.Equal(HttpStatusCode.Unauthorized, relabelledRead.StatusCode);
        using (var stillThere = await memberA.GetAsync("/v1/members/me"))
        {
            Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
        }
    }

    [Fact]
    public async Task Expired_used_forged_and_foreign_invitations_are_refused_identically()
    {
        var a = await fixture.CreateTenantAsync("Invitation A");
        var b = await fixture.CreateTenantAsync("Invitation B");
        using var browser = new MemberClient(fixture);
        var used = await MemberClient.InviteAsync(fixture, a.AdminKey, MemberClient.NewEmail("used"));
        using (var first = await browser.SendAsync(HttpMethod.Post, "/auth/invitations/accept", new { token = used, password = MemberClient.Password }))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        var pending = await MemberClient.InviteAsync(fixture, a.AdminKey, MemberClient.NewEmail("pending"));
        var parts = pending.Split('.');
        var keyring = fixture.Cluster.Silos[0].SiloHost.Services.GetRequiredService<TenantKeyring>();
        var keyA = await keyring.DeriveAsync(a.TenantId, InvitationTokens.Purpose);
        var keyB = await keyring.DeriveAsync(b.TenantId, InvitationTokens.Purpose);
        var signedForB = InvitationTokens.Sign(keyB, b.TenantId, parts[2], DateTimeOffset.UtcNow.AddDays(1)).Split('.');
        var bad = new Dictionary<string, string>
        {
            ["used"] = used,
            ["expired"] = InvitationTokens.Sign(keyA, a.TenantId, parts[2], DateTimeOffset.UtcNow.AddMinutes(-1)),
            ["a later expiry"] = string.Join('.', parts[0], parts[1], parts[2], (long.Parse(parts[3], CultureInfo.InvariantCulture) + 86_400).ToString(CultureInfo.InvariantCulture), parts[4]),
            ["a forged mac"] = string.Join('.', parts[0], parts[1], parts[2], parts[3], new string('A', parts[4].Length)),
            ["signed under another tenant's key"] = string.Join('.', signedForB[0], a.TenantId, signedForB[2], signedForB[3], signedForB[4]),
            ["another tenant's id"] = string.Join('.', parts[0], b.TenantId, parts[2], parts[3], parts[4]),
            ["an invented tenant"] = string.Join('.', parts[0], GrainKeys.NewTenantId(), parts[2], parts[3], parts[4]),
            ["an unknown invitation"] = InvitationTokens.Sign(keyA, a.TenantId, GrainKeys.NewLocalId('i'), DateTimeOffset.UtcNow.AddDays(1)),
            ["malformed"] = "omi.not-an-invitation",
        };
        var bodies = new Dictionary<string, string>();
        foreach (var (name, token) in bad)
        {
            using var response = await browser.SendAsync(HttpMethod.Post, "/auth/invitations/accept", new { token, password = MemberClient.Password });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, name);
            bodies[name] = await response.Content.ReadAsStringAsync();
        }

        Assert.Single(bodies.Values.Distinct());
        Assert.Contains("invalid-invitation", bodies["used"], StringComparison.Ordinal);
        using (var stillGood = await browser.SendAsync(HttpMethod.Post, "/auth/invitations/accept", new { token = pending, password = MemberClient.Password }))
        {
            Assert.Equal(HttpStatusCode.Created, stillGood.StatusCode);
        }

        var events = await AuditChecks.ReadEventsAsync(fixture, a.AdminKey);
        foreach (var reason in new[] { "used", "expired", "forged", "unknown" })
        {
            Assert.Contains(events, e => e.GetProperty("operation").GetString() == "member.invitation.accept" && e.GetRawText().Contains($"\"{reason}\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Member_events_are_audited_and_no_table_holds_the_email_in_plain_text()
    {
        var tenant = await fixture.CreateTenantAsync("Plaintext Outfitters");
        using var browser = new MemberClient(fixture);
        var email = MemberClient.NewEmail("canary");
        var memberId = await browser.JoinAsync(tenant.TenantId, tenant.AdminKey, email);
        using (var wrong = await browser.SignInAsync(tenant.TenantId, email, "not the password at all"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var enrol = await browser.SendAsync(HttpMethod.Post, "/v1/members/me/totp"))
        {
            Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        }

        var events = await AuditChecks.ReadEventsAsync(fixture, tenant.AdminKey);
        var operations = events.Select(e => e.GetProperty("operation").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "member.invite", "member.invitation.accept", "member.sign-in", "member.totp.enrol" }, operations);
        Assert.Contains(events, e => e.GetProperty("operation").GetString() == "member.sign-in" && e.GetRawText().Contains("wrong-password", StringComparison.Ordinal));
        var all = string.Join('\n', events.Select(e => e.GetRawText()));
        Assert.DoesNotContain(email, all, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(MemberClient.Password, all, StringComparison.Ordinal);

        var hex = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(email));
        await using var connection = new Npgsql.NpgsqlConnection(fixture.SuperuserConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("SELECT quote_ident(table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("orleansstorage", tables);
        Assert.Equal(1L, await Sql.ScalarAsync(fixture.SuperuserConnectionString,
            "SELECT count(*) FROM orleansstorage WHERE grainidextensionstring = $1", tenant.TenantId + "/members"));
        // The search finds what is stored in clear inside a binary grain state (the member id): it would find the e-mail.
        await using (var control = new Npgsql.NpgsqlCommand("SELECT count(*) FROM orleansstorage t WHERE position($1 in t::text) > 0", connection))
        {
            control.Parameters.AddWithValue(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(memberId)));
            Assert.True(Convert.ToInt64(await control.ExecuteScalarAsync(), CultureInfo.InvariantCulture) >= 1);
        }

        foreach (var table in tables)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                $"SELECT count(*) FROM {table} t WHERE position(lower($1) in lower(t::text)) > 0 OR position($2 in t::text) > 0", connection);
            command.Parameters.AddWithValue(email);
            command.Parameters.AddWithValue(hex);
            Assert.True(Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 0, table);
        }
    }

    /// <summary>A problem document without its per-request trace id.</summary>
    private static string Shape(string problem)
    {
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(problem)!;
        json.Remove("traceId");
        return string.Join('|', json.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value.GetRawText()));
    }

    private static string Wrong(string code) => ((int.Parse(code, CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
}
