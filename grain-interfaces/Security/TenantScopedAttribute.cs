namespace Omniops.Actors.GrainInterfaces.Security;

/// <summary>
/// Marks a grain interface whose key starts with the tenant id (<see cref="GrainKeys"/>). The isolation filter
/// compares the caller's tenant with the key's tenant and answers a mismatch exactly like a missing resource.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, AllowMultiple = false)]
public sealed class TenantScopedAttribute : Attribute;
