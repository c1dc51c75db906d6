// Discount guard: a discount above the user's role limit is refused. Only a discount the save
// changes is checked, so a rep can still edit a deal whose discount a manager granted.

export function check(ctx) {
  const settings = ctx.settings;
  const field = settings.field;
  if (!(field in ctx.record)) {
    throw new Error(`discount-guard: '${ctx.object}' has no field '${field}' (settings.field).`);
  }
  const value = ctx.record[field];
  if (typeof value !== 'number') return;
  if (ctx.old !== null && ctx.old[field] === value) return;
  let limit = null;
  for (const role of ctx.user.roles) {
    const roleLimit = settings.limits[role];
    if (typeof roleLimit === 'number' && (limit === null || roleLimit > limit)) limit = roleLimit;
  }
  if (limit === null) limit = typeof settings.default === 'number' ? settings.default : 0;
  if (value <= limit) return;
  const message = (settings.message || 'A discount of {value} is above your limit of {limit}.')
    .split('{limit}').join(String(limit))
    .split('{value}').join(String(value));
  ctx.addError(field, message);
}
