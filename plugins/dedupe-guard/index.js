// Dedupe guard: a new record whose email, phone or name equals an existing record's is refused,
// naming that record. ctx.query compares text ignoring case and surrounding spaces and phone
// fields by their digits, and never returns the record being saved.

function normalized(value) {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

export function check(ctx) {
  const settings = ctx.settings;
  const creating = ctx.old === null;
  if (!creating && settings.onUpdate !== true) return;
  const template = settings.message || 'Duplicate: {field} "{value}" is already on "{match}".';
  for (const field of settings.fields) {
    if (!(field in ctx.record)) continue; // this object does not have it
    const value = normalized(ctx.record[field]);
    if (value === '' || /^[^0-9A-Za-z\u00C0-\uFFFF]*$/.test(value)) continue;
    if (!creating && normalized(ctx.old[field]).toLowerCase() === value.toLowerCase()) continue;
    const filter = {};
    filter[field] = value;
    const matches = ctx.query(ctx.object, filter, 1);
    if (matches.length > 0) {
      ctx.addError(field, template
        .split('{field}').join(field)
        .split('{value}').join(value)
        .split('{match}').join(matches[0].$title || matches[0].$id));
    }
  }
}
