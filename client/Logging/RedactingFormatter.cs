using Omniops.Actors.GrainInterfaces.Security;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Omniops.Actors.Client.Logging;

/// <summary>
/// Renders a log event with an inner formatter, then redacts the whole rendered line (message, properties and
/// exception text alike) with <see cref="Redactor"/>: the last line of defence, behind templates that carry only ids.
/// </summary>
public sealed class RedactingFormatter(ITextFormatter inner) : ITextFormatter
{
    public const string Template = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public RedactingFormatter() : this(new MessageTemplateTextFormatter(Template, System.Globalization.CultureInfo.InvariantCulture))
    {
    }

    public void Format(LogEvent logEvent, TextWriter output)
    {
        using var buffer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        inner.Format(logEvent, buffer);
        output.Write(Redactor.Redact(buffer.ToString()));
    }
}
