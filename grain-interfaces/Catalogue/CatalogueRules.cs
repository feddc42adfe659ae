using Omniops.Actors.GrainInterfaces.Channels;
using Omniops.Actors.GrainInterfaces.Errors;

namespace Omniops.Actors.GrainInterfaces.Catalogue;

/// <summary>Bounds on a product delivery and on a lookup; a violation is a 400 that names the field, never its value.</summary>
public static class CatalogueRules
{
    public const int MaxVariants = 100;
    public const int MaxTags = 50;
    public const int MaxFieldLength = 255;
    public const int MaxQueryLength = 200;
    public const int MaxResults = 10;

    public static void Validate(ProductEvent productEvent)
    {
        if (string.IsNullOrWhiteSpace(productEvent.DeliveryId) || productEvent.DeliveryId.Length > InboundRules.MaxDeliveryIdLength)
        {
            throw new RequestValidationException($"delivery id is required and limited to {InboundRules.MaxDeliveryIdLength} characters.");
        }

        var product = productEvent.Product;
        if (string.IsNullOrWhiteSpace(product.ProductId) || product.ProductId.Length > InboundRules.MaxIdLength)
        {
            throw new RequestValidationException($"product id is required and limited to {InboundRules.MaxIdLength} characters.");
        }

        if (product.Title.Length > MaxFieldLength || new[] { product.Handle, product.Status, product.Vendor, product.ProductType }.Any(v => v is { Length: > MaxFieldLength }))
        {
            throw new RequestValidationException($"Product fields are limited to {MaxFieldLength} characters each.");
        }

        if (product.Tags.Count > MaxTags || product.Tags.Any(t => t.Length > MaxFieldLength))
        {
            throw new RequestValidationException($"A product carries at most {MaxTags} tags of {MaxFieldLength} characters.");
        }

        if (product.Variants.Count > MaxVariants ||
            product.Variants.Any(v => new[] { v.Sku, v.Title, v.Price }.Any(f => f is { Length: > MaxFieldLength })))
        {
            throw new RequestValidationException($"A product carries at most {MaxVariants} variants, their fields limited to {MaxFieldLength} characters.");
        }

        // The catalogue is searchable text in PostgreSQL, whose text and jsonb hold no NUL character: refused here as
        // invalid content rather than failing the write (a 500 the sender would retry forever).
        string?[] texts = [product.Title, product.Handle, product.Status, product.Vendor, product.ProductType, .. product.Tags,
            .. product.Variants.SelectMany(v => (string?[])[v.Sku, v.Title, v.Price])];
        if (texts.Any(t => t?.Contains('\0', StringComparison.Ordinal) == true))
        {
            throw new RequestValidationException("Product fields must not contain NUL characters.");
        }
    }
}
