namespace Omniops.Actors.Client.Web;

/// <summary>
/// Marks the data subject's privacy page and its downloads (policy <see cref="Security.Policies.Subject"/>): they get
/// the dashboard's headers, and a refused link sees the page's own refusal (401), never the members' sign-in.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public sealed class SubjectPageAttribute : Attribute;
