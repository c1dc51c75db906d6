// Lead scoring: sums the points of every rule in settings and writes the total to settings.scoreField.
// Nothing here names a field: the package's settings do.

function pointsFor(rule, value) {
  if (value === null || value === undefined || value === '' || value === false) return 0;
  let points = 0;
  if (rule.values) {
    const key = String(value).trim().toLowerCase();
    for (const name of Object.keys(rule.values)) {
      if (name.trim().toLowerCase() === key) points += rule.values[name];
    }
  }
  if (rule.atLeast && typeof value === 'number') {
    let best = null;
    for (const step of rule.atLeast) {
      if (value >= step.value && (best === null || step.value > best.value)) best = step;
    }
    if (best !== null) points += best.points;
  }
  if (typeof rule.whenSet === 'number') points += rule.whenSet;
  return points;
}

export function score(ctx) {
  const settings = ctx.settings;
  if (!(settings.scoreField in ctx.record)) {
    throw new Error(`lead-scoring: '${ctx.object}' has no field '${settings.scoreField}' (settings.scoreField).`);
  }
  let total = 0;
  for (const rule of settings.rules) {
    if (!(rule.field in ctx.record)) {
      throw new Error(`lead-scoring: '${ctx.object}' has no field '${rule.field}' (a rule in settings.rules).`);
    }
    total += pointsFor(rule, ctx.record[rule.field]);
  }
  if (typeof settings.max === 'number' && total > settings.max) total = settings.max;
  if (total < 0) total = 0;
  if (ctx.record[settings.scoreField] === total) return;
  try {
    ctx.set(settings.scoreField, total);
  } catch (e) {
    // The saving user may not write the score (a role that only reads it, like finance): their save
    // goes through unscored, and the next save by someone who may write it brings the score up to date.
    if (!(e instanceof TypeError)) throw e;
    ctx.log(`lead-scoring: score ${total} not written: ${e.message}`);
  }
}
