namespace Omniops.Actors.GrainInterfaces.Privacy;

/// <summary>What a privacy request asks for. Numbers are stored: never renumber.</summary>
[GenerateSerializer, Alias("omniops.privacy-request-kind")]
public enum PrivacyRequestKind
{
    /// <summary>Access and portability: a machine-readable export of everything held about the subject.</summary>
    Access = 0,

    /// <summary>Corrected contact details replace the held ones everywhere.</summary>
    Rectification = 1,

    /// <summary>Erasure of one data subject (every customer record of theirs in the tenant).</summary>
    Erasure = 2,

    /// <summary>Tenant offboarding: everything the tenant owns, ending with the tenant key.</summary>
    TenantErasure = 3,
}
