using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace Omniops.Actors.Client.Web;

/// <summary>
/// The page a signed-in member gets for a dashboard page their role does not allow: status 403, the dashboard's
/// headers and stylesheet, the API's wording. Written before the pages' middleware runs, so it sets the headers itself.
/// </summary>
public static class DashboardRefusal
{
    public const string Message = "Your role does not allow this page.";

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        ContentSecurityPolicy.Apply(context);
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><meta name="referrer" content="no-referrer" />
            <link rel="stylesheet" href="{HtmlEncoder.Default.Encode(DashboardAssets.StylePath)}" /><title>Not allowed · Omniops</title></head>
            <body>
            <header class="top"><p class="brand">Omniops</p></header>
            <main id="main"><h1>Not allowed</h1><p>{Message} Ask an admin of your workspace.</p><p><a href="/inbox">Back to the inbox</a></p></main>
            </body>
            </html>
            """);
    }
}
