namespace Omniops.Actors.Grains.Security.Keys;

/// <summary>Where wrapped subject (data-subject, e.g. customer) keys live; deleting one crypto-shreds the subject.</summary>
public interface ISubjectKeyStore
{
    Task<SubjectKeyRecord?> ReadAsync(string tenantId, string subjectId, CancellationToken cancellationToken = default);

    /// <summary>Stores the key unless one exists; returns the stored record either way.</summary>
    Task<SubjectKeyRecord> AddOrGetAsync(SubjectKeyRecord record, CancellationToken cancellationToken = default);

    /// <summary>Destroys the key. True when there was one.</summary>
    Task<bool> DeleteAsync(string tenantId, string subjectId, CancellationToken cancellationToken = default);
}
