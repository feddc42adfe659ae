using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Npgsql;
using Omniops.Actors.Bench.Infrastructure;
using Omniops.Actors.Tests.Ai;

namespace Omniops.Actors.Bench.Benchmarks;

/// <summary>
/// The ai-draft benchmark's baseline: the same draft as a pipeline without the protections would make it. The same four
/// customer messages, in plain text in a plain table (no encryption, no row-level security binding), read with one
/// SELECT over an auto-preparing data source; the raw history sent through the same Semantic Kernel connector to the
/// same fake provider, with no tools, no minimisation, no re-identification, no audit and no grain call. What the
/// production draft costs beyond this, the model's own time excluded on both sides, is what minimisation, the audit
/// trail, the tools and the grains add.
/// </summary>
public sealed class PlainDraftBaseline : IAsyncDisposable
{
    public const string Table = "bench_plain_messages";
    private const string ConversationId = "plain";
    private readonly NpgsqlDataSource _dataSource;
    private readonly HttpClient _http = new();
    private readonly Kernel _kernel;

    private PlainDraftBaseline(NpgsqlDataSource dataSource, Uri endpoint)
    {
        _dataSource = dataSource;
        var builder = Kernel.CreateBuilder();
        builder.AddOpenAIChatCompletion(FakeOpenAi.Model, endpoint, "sk-bench-plain", httpClient: _http);
        _kernel = builder.Build();
    }

    /// <summary>Creates the plain table (as the superuser, readable by the runtime role) and fills it with <paramref name="messages"/>.</summary>
    public static async Task<PlainDraftBaseline> CreateAsync(PostgresDeployment deployment, Uri endpoint, IReadOnlyList<string> messages)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(messages);
        var runtimeRole = new NpgsqlConnectionStringBuilder(deployment.ApplicationConnectionString).Username;
        await using (var connection = new NpgsqlConnection(deployment.SuperuserConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand(
                $"CREATE TABLE IF NOT EXISTS {Table} (conversation_id text NOT NULL, seq integer NOT NULL, kind smallint NOT NULL, body text NOT NULL, " +
                $"PRIMARY KEY (conversation_id, seq)); GRANT SELECT ON {Table} TO \"{runtimeRole}\"", connection);
            await create.ExecuteNonQueryAsync();
            for (var i = 0; i < messages.Count; i++)
            {
                await using var insert = new NpgsqlCommand($"INSERT INTO {Table} (conversation_id, seq, kind, body) VALUES ($1, $2, 0, $3)", connection)
                {
                    Parameters = { new() { Value = ConversationId }, new() { Value = i + 1 }, new() { Value = messages[i] } },
                };
                await insert.ExecuteNonQueryAsync();
            }
        }

        var source = new NpgsqlDataSourceBuilder(deployment.ApplicationConnectionString);
        source.ConnectionStringBuilder.MaxAutoPrepare = 8;
        return new PlainDraftBaseline(source.Build(), endpoint);
    }

    /// <summary>One plain draft: the latest 40 messages read, the raw history sent, the answer's text returned.</summary>
    public async Task<string> DraftAsync()
    {
        var history = new ChatHistory("You draft replies for a customer-support agent of an online shop.");
        await using (var command = _dataSource.CreateCommand($"SELECT kind, body FROM {Table} WHERE conversation_id = $1 ORDER BY seq DESC LIMIT 40"))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = ConversationId });
            await using var reader = await command.ExecuteReaderAsync();
            var turns = new List<(short Kind, string Body)>();
            while (await reader.ReadAsync())
            {
                turns.Add((reader.GetInt16(0), reader.GetString(1)));
            }

            for (var i = turns.Count - 1; i >= 0; i--)
            {
                if (turns[i].Kind == 0)
                {
                    history.AddUserMessage(turns[i].Body);
                }
                else
                {
                    history.AddAssistantMessage(turns[i].Body);
                }
            }
        }

        var answer = await _kernel.GetRequiredService<IChatCompletionService>().GetChatMessageContentAsync(history,
            new OpenAIPromptExecutionSettings { MaxTokens = 800 }, _kernel);
        return answer.Content ?? throw new InvalidOperationException("The plain draft got no text.");
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _http.Dispose();
    }
}
