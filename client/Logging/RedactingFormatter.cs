using System.Globalization;
using Omniops.Actors.GrainInterfaces.Security;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Omniops.Actors.Client.Logging;

/// <summary>
/// Renders a log line: the prefix (time, level, logger type name) as is, then the message and exception — properties
/// and exception text alike — through <see cref="Redactor"/>: the last line of defence, behind templates that carry
/// only ids. A redaction that times out withholds the body rather than printing it.
/// </summary>
public sealed class RedactingFormatter(ITextFormatter prefix, ITextFormatter body) : ITextFormatter
{
    /// <summary>The line's prefix: time, level and logger name (a type name), written as is.</summary>
    public const string PrefixTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: ";

    /// <summary>The line's body: message and exception, redacted.</summary>
    public const string BodyTemplate = "{Message:lj}{NewLine}{Exception}";

    public RedactingFormatter()
        : this(new MessageTemplateTextFormatter(PrefixTemplate, CultureInfo.InvariantCulture), new MessageTemplateTextFormatter(BodyTemplate, CultureInfo.InvariantCulture))
    {
    }

    public void Format(LogEvent logEvent, TextWriter output)
    {
        prefix.Format(logEvent, output);
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        body.Format(logEvent, buffer);
        output.Write(Redactor.Redact(buffer.ToString()));
    }
}
