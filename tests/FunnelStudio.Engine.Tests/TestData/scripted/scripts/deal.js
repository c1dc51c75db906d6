// Fixture hooks: one sets a field, one refuses, one never ends (for the limit tests).
export function score(ctx) {
  ctx.log("scoring", ctx.record.name);
  ctx.set("score", Math.min(100, Math.round((ctx.record.amount || 0) / 100)));
}

export function guardDiscount(ctx) {
  if ((ctx.record.discount || 0) > 20) {
    ctx.addError("discount", "Discounts above 20% need approval.");
  }
}

export function spin(ctx) {
  if (ctx.record.name === "spin") {
    while (true) {
    }
  }
}
