/** URL slug of a name: lower case ASCII words joined by dashes ("Beyoncé & Jay-Z" → "beyonce-jay-z"). */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '');
  return slug;
}

/** The slug an artist shell gets before its name is known. */
export function shellSlug(tmAttractionId: string): string {
  return `tm-${tmAttractionId.toLowerCase()}`;
}
